"""Review committees, specialties, and the bureau's controls over them: committee status
history and the catalogue's name history.

A committee's status is never stored as one value: it is computed from the history for
the date asked about, because a decision may take effect in the future (or did so in the
past) and the answer must change on that day without anyone writing anything."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base, UTCDateTime


class Committee(Base):
    """A review committee (评审委员会), approved and filed by the bureau."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(200))
    filing_number: Mapped[str] = mapped_column(String(100))
    levels: Mapped[list[str]] = mapped_column(JSON)
    specialties: Mapped[list[str]] = mapped_column(JSON)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Specialty(Base):
    """An entry of the specialty catalogue (职称专业目录)."""

    __tablename__ = "specialties"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class CommitteeStatusChange(Base):
    """One decision of the bureau: suspend (暂停评审工作), reinstate, withdraw (收回评审权)."""

    __tablename__ = "committee_status_changes"
    __table_args__ = (Index("ix_committee_status_changes_committee", "committee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # the status from effective_date on
    effective_date: Mapped[dt.date] = mapped_column(Date)
    decision_number: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(200))


class RectificationOrder(Base):
    """An order to rectify by a deadline (责令限期整改, policy 三(四)4). Not a status: the
    committee keeps its authority while the order is open. ``outcome`` stays empty until
    the order ends: rectified, escalated to a suspension (the status change it made), or
    ended by the withdrawal of the committee's authority."""

    __tablename__ = "committee_rectification_orders"
    __table_args__ = (Index("ix_committee_rectification_orders_committee", "committee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)  # the last day to rectify
    grounds: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(20))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_decision_number: Mapped[str | None] = mapped_column(String(100))
    closing_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(200))
    status_change_id: Mapped[int | None] = mapped_column(ForeignKey("committee_status_changes.id"))


class SpecialtyName(Base):
    """A name a specialty held. ``recorded_at`` is when the catalogue started using it, so a
    certificate shows the name in use when it was issued; ``valid_from`` is the date the
    bureau's decision gives."""

    __tablename__ = "specialty_names"
    __table_args__ = (Index("ix_specialty_names_specialty", "specialty_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
