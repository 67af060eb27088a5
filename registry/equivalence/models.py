"""The qualification-to-title equivalence list (职业资格与职称对应清单) and its versions.

Every change to the list makes a new version with the date it takes effect. An entry's
row holds from the version that made it until the version that changed or retired it, so
the list in force at version ``v`` is every row with ``version_from <= v < version_to``.
Effective dates never go backwards from one version to the next, so a date names one
version: the last one in force by then."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.certificates.models import Certificate
from registry.db import Base, UTCDateTime


class EquivalenceVersion(Base):
    __tablename__ = "equivalence_versions"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(20))  # add / change / retire / load
    summary: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str | None] = mapped_column(String(500))
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class EquivalenceEntry(Base):
    """One entry as it stood between two versions of the list."""

    __tablename__ = "equivalence_entries"
    __table_args__ = (
        UniqueConstraint("code", "version_from"),
        Index("ix_equivalence_entries_span", "version_from", "version_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(100))
    awarding_body: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))  # rule / exception
    basis: Mapped[str | None] = mapped_column(String(200))
    provisional: Mapped[bool] = mapped_column(Boolean)  # starter entry the bureau must review
    note: Mapped[str | None] = mapped_column(String(500))
    holds_since: Mapped[dt.date] = mapped_column(Date)  # effective date of the entry's first row
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    version_from: Mapped[int] = mapped_column(Integer)
    version_to: Mapped[int | None] = mapped_column(Integer)


class Recognition(Base):
    """认定: a person's qualification certificate, and the title certificate issued for it."""

    __tablename__ = "recognitions"
    __table_args__ = (UniqueConstraint("equivalence_code", "qualification_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), unique=True)
    equivalence_code: Mapped[str] = mapped_column(String(32))
    equivalence_version: Mapped[int] = mapped_column(Integer)
    qualification_name: Mapped[str] = mapped_column(String(100))
    qualification_grade: Mapped[str] = mapped_column(String(20))
    qualification_number: Mapped[str] = mapped_column(String(60))
    qualification_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(Integer)

    certificate: Mapped[Certificate] = relationship()
