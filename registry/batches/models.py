"""Results batches (评审结果), their public notice (公示), objections, and idempotency."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.committees.models import Committee, Specialty
from registry.db import Base, UTCDateTime


class ResultBatch(Base):
    """A committee's results, on public notice from ``notice_from`` to ``notice_to``
    (whole working days, Beijing time), then issued as certificates in one operation."""

    __tablename__ = "result_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    status: Mapped[str] = mapped_column(String(20))  # notice | issued
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    submitted_by: Mapped[str] = mapped_column(String(200))
    notice_from: Mapped[dt.date] = mapped_column(Date)
    notice_to: Mapped[dt.date] = mapped_column(Date)
    row_count: Mapped[int] = mapped_column(Integer)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    issued_by: Mapped[str | None] = mapped_column(String(200))
    # When the notice-close step took full names and work units off the public notice.
    notice_closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    committee: Mapped[Committee] = relationship(lazy="joined")


class BatchRow(Base):
    __tablename__ = "batch_rows"
    __table_args__ = (
        UniqueConstraint("batch_id", "row_number"),
        Index("ix_batch_rows_holder_level", "holder_id_hash", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("result_batches.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    holder_name: Mapped[str] = mapped_column(String(50))
    holder_id_hash: Mapped[str] = mapped_column(String(64))
    holder_id_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    holder_id_masked: Mapped[str] = mapped_column(String(18))
    work_unit: Mapped[str | None] = mapped_column(String(200))  # 工作单位; none before 0017
    level: Mapped[str] = mapped_column(String(40))
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"))
    evaluation_track: Mapped[str] = mapped_column(String(40))
    route: Mapped[str] = mapped_column(String(40))
    route_basis: Mapped[str | None] = mapped_column(String(200))
    route_ground: Mapped[str | None] = mapped_column(String(40))  # migration 0011
    technical_school_class: Mapped[str | None] = mapped_column(String(40))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # listed | removed | withdrawn | issued
    serial: Mapped[str | None] = mapped_column(String(16), unique=True)
    # The person's facts (学历, 工作经历, 职称, 成果 ...) as JSON, sealed as ID numbers are
    # (IdNumberProtector.encrypt_facts); none for rows submitted before 0022.
    facts_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The engine's verdict in brief (outcome, each condition's clause and status, which
    # titles were proven and which declared) and the clauses the committee says it judged,
    # as JSON; none before 0022.
    eligibility: Mapped[str | None] = mapped_column(Text)

    specialty: Mapped[Specialty] = relationship(lazy="joined")
    batch: Mapped[ResultBatch] = relationship()


class Objection(Base):
    """An objection raised during the notice period (公示异议), and its outcome."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("result_batches.id"))
    row_id: Mapped[int] = mapped_column(ForeignKey("batch_rows.id"))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # open | upheld | dismissed
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(200))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(200))

    row: Mapped[BatchRow] = relationship(lazy="joined")


class RowWithdrawal(Base):
    """The bureau took a row out of a batch before issuance (it failed a check again, or
    fraud was found), so that the rest of the batch can be issued."""

    __tablename__ = "batch_row_withdrawals"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_id: Mapped[int] = mapped_column(ForeignKey("batch_rows.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    fraud_kind: Mapped[str | None] = mapped_column(String(40))
    decision_number: Mapped[str | None] = mapped_column(String(100))
    withdrawn_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    withdrawn_by: Mapped[str] = mapped_column(String(200))

    row: Mapped[BatchRow] = relationship(lazy="joined")
