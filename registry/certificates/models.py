"""People and their certificates: the holder known by the keyed hash of an ID-card number,
and each certificate with its signed credential, QR token and status."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.committees.models import Committee, Specialty
from registry.db import Base, UTCDateTime


class Holder(Base):
    """A person, known by the keyed hash of their ID-card number; the number itself is
    kept only encrypted."""

    __tablename__ = "holders"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_number_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    id_number_masked: Mapped[str] = mapped_column(String(18))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (
        Index("ix_certificates_holder_level", "holder_id", "level"),
        # One held title per person and level (registry/migrations/versions/0009).
        Index(
            "ux_certificates_one_held_per_level",
            "holder_id",
            "level",
            unique=True,
            sqlite_where=text("status IN ('valid', 'suspended')"),
            postgresql_where=text("status IN ('valid', 'suspended')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(16), unique=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("holders.id"))
    holder_name: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(40))
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    evaluation_track: Mapped[str] = mapped_column(String(40))  # the talent type (三(二)2)
    route: Mapped[str] = mapped_column(String(40), default="regular")
    # 评价方式 (三(四)2): review or recognition, set by the issuing path (migration 0016; the
    # server default serves the rows that migration found, issuance always states it).
    evaluation_method: Mapped[str] = mapped_column(String(20), server_default="review")
    route_basis: Mapped[str | None] = mapped_column(String(200))
    # The ground of a 破格 or 直通车 route, and a 技工院校 graduate's class (migration 0011).
    route_ground: Mapped[str | None] = mapped_column(String(40))
    technical_school_class: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="valid")
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # NULL: issued by the operator at the CLI (the audit trail names who)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("api_clients.id"))
    kid: Mapped[str] = mapped_column(String(64))
    credential: Mapped[str] = mapped_column(Text)
    qr_token: Mapped[str] = mapped_column(Text)
    # Status lists, revocation and re-signing (migration 0005).
    status_index: Mapped[int | None] = mapped_column(unique=True)
    status_reason: Mapped[str | None] = mapped_column(String(40))
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # None: at issued_at
    # The certificate this one corrects, revoked as issued_in_error (migration 0018).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    # An imported title of the existing register (route ``imported``, migration 0023): its
    # original number and source (``paper:2015``), the issuing body and specialty as written
    # then, and the keyed hash of (original number, full name) it is looked up by.
    original_number: Mapped[str | None] = mapped_column(String(200))
    import_source: Mapped[str | None] = mapped_column(String(40))
    issuing_body: Mapped[str | None] = mapped_column(String(200))
    specialty_as_written: Mapped[str | None] = mapped_column(String(100))
    original_lookup_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    holder: Mapped[Holder] = relationship(lazy="joined")
    specialty: Mapped[Specialty] = relationship(lazy="joined")
    committee: Mapped[Committee] = relationship(lazy="joined")
    replaces: Mapped[Certificate | None] = relationship(remote_side="Certificate.id", lazy="select")

    # Not stored: set by issuance for its one answer (only a hash is kept, holder_access).
    # Typed for the checker alone: SQLAlchemy reads a run-time annotation as a column.
    if TYPE_CHECKING:
        access_code: str | None
    access_code = None


HELD_STATUSES = ("valid", "suspended")
