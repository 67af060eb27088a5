"""Status changes of certificates, the integrity records fraud leaves behind, and the
reviews of a person's other titles that a finding of fraud calls for.

Private tables: the notes kept here never reach the public projection."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.batches.models import BatchRow, Objection
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
    under any name they apply with. Its source is the certificate revoked for the fraud,
    or, when the fraud was found during the evaluation, the batch row (withdrawn, or
    removed by the objection that found it)."""

    __tablename__ = "integrity_records"
    __table_args__ = (
        Index("ix_integrity_records_person", "id_number_hash", "barred_until"),
        CheckConstraint(
            "(certificate_serial IS NULL) <> (batch_row_id IS NULL)"
            " AND (objection_id IS NULL OR batch_row_id IS NOT NULL)",
            name="ck_integrity_records_one_source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number_hash: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(18))
    holder_name: Mapped[str] = mapped_column(String(50))
    certificate_serial: Mapped[str | None] = mapped_column(String(16))
    batch_row_id: Mapped[int | None] = mapped_column(ForeignKey("batch_rows.id"))
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"))
    conduct: Mapped[str] = mapped_column(String(40))  # a fraud reason code
    description: Mapped[str | None] = mapped_column(Text)  # what was falsified
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    barred_from: Mapped[dt.date] = mapped_column(Date)
    barred_until: Mapped[dt.date] = mapped_column(Date)  # first day applications reopen
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # An upheld appeal withdraws the record: it stays, marked, for the history.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_decision: Mapped[str | None] = mapped_column(String(100))

    batch_row: Mapped[BatchRow | None] = relationship(lazy="selectin")
    objection: Mapped[Objection | None] = relationship()

    @property
    def source(self) -> str:
        """revocation, objection (upheld during the notice) or withdrawal (of a batch row)."""
        if self.certificate_serial is not None:
            return "revocation"
        return "objection" if self.objection_id is not None else "withdrawal"


class TitleReview(Base):
    """One of a person's other titles, to be reviewed after fraud was found against them
    (the same forged degree may carry more than one title): the bureau keeps or revokes it."""

    __tablename__ = "title_reviews"
    __table_args__ = (
        Index("ix_title_reviews_status", "status", "id"),
        Index("ix_title_reviews_certificate", "certificate_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"))
    integrity_record_id: Mapped[int] = mapped_column(ForeignKey("integrity_records.id"))
    status: Mapped[str] = mapped_column(String(20))  # open | kept | revoked | cancelled
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_number: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    # The revocation, when the title was revoked (through the review or otherwise).
    status_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate_status_changes.id")
    )

    certificate: Mapped[Certificate] = relationship(lazy="joined")
    integrity_record: Mapped[IntegrityRecord] = relationship(lazy="joined")
