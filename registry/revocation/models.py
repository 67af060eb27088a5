"""Status changes of certificates and the integrity records fraud leaves behind.

Private tables: the notes kept here never reach the public projection."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.certificates.models import Certificate
from registry.db import Base, UTCDateTime


class StatusChange(Base):
    """One decision about a certificate: revoke, suspend, lift a suspension, reinstate."""

    __tablename__ = "certificate_status_changes"
    __table_args__ = (Index("ix_status_changes_certificate", "certificate_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"))
    action: Mapped[str] = mapped_column(String(20))  # revoke | suspend | lift | reinstate
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(40))
    decision_number: Mapped[str] = mapped_column(String(100))
    effective_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)  # private: never published
    # A reinstated certificate gets a new status list index; the old one stays revoked.
    retired_status_index: Mapped[int | None] = mapped_column(unique=True)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    certificate: Mapped[Certificate] = relationship(lazy="joined")


class IntegrityRecord(Base):
    """职称评价诚信档案: fraud found against a person, and the years they may not apply.

    Keyed by the keyed hash of the ID-card number, so that the person is found again
    under any name they apply with."""

    __tablename__ = "integrity_records"
    __table_args__ = (Index("ix_integrity_records_person", "id_number_hash", "barred_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number_hash: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(18))
    holder_name: Mapped[str] = mapped_column(String(50))
    certificate_serial: Mapped[str] = mapped_column(String(16))
    conduct: Mapped[str] = mapped_column(String(40))  # a fraud reason code
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    barred_from: Mapped[dt.date] = mapped_column(Date)
    barred_until: Mapped[dt.date] = mapped_column(Date)  # first day applications reopen
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # An upheld appeal withdraws the record: it stays, marked, for the history.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_decision: Mapped[str | None] = mapped_column(String(100))
