"""The public projection: what the verify service may read, and nothing else.

Written by the registry (only through this package) in the same transaction as the change
it reflects. In production verify's database role may SELECT these tables only
(deploy/postgres/roles.sql)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base, UTCDateTime


class PublicCertificate(Base):
    __tablename__ = "public_certificates"
    # The revocation register reads revoked rows newest first.
    __table_args__ = (Index("ix_public_certificates_register", "status", "status_changed_at"),)

    serial: Mapped[str] = mapped_column(String(16), primary_key=True)
    masked_name: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(40))
    title_zh: Mapped[str] = mapped_column(String(40))
    title_en: Mapped[str] = mapped_column(String(80))
    specialty_code: Mapped[str] = mapped_column(String(16))
    specialty_name_zh: Mapped[str] = mapped_column(String(100))
    specialty_name_en: Mapped[str] = mapped_column(String(200))
    committee_code: Mapped[str] = mapped_column(String(32))
    committee_name_zh: Mapped[str] = mapped_column(String(200))
    committee_name_en: Mapped[str] = mapped_column(String(300))
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    evaluation_track: Mapped[str] = mapped_column(String(40))
    route: Mapped[str | None] = mapped_column(String(40))  # how the title was obtained
    evaluation_method: Mapped[str] = mapped_column(String(20), server_default="review")
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str | None] = mapped_column(String(40))
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The registry's signature over the fields above and below (a compact JWS, typ
    # public-record+jwt: certs.credential.model.public_record); null only on rows from
    # before migration 0021 until `flask --app registry keys resign-records` signs them.
    public_record: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Revocation register, status lists and key compromise (migration 0005).
    status_decision_number: Mapped[str | None] = mapped_column(String(100))
    status_effective_date: Mapped[dt.date | None] = mapped_column(Date)
    status_index: Mapped[int | None] = mapped_column()
    kid: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # An imported title: its original number and source (migration 0023); null otherwise.
    original_number: Mapped[str | None] = mapped_column(String(200))
    import_source: Mapped[str | None] = mapped_column(String(40))


class PublicKey(Base):
    __tablename__ = "public_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    jwk: Mapped[str] = mapped_column(Text)  # JSON text of the public JWK
    status: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    valid_to: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    compromised_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class PublicStatusList(Base):
    """A signed Bitstring Status List credential, replaced whole in the transaction of the
    status change it reflects: a reader sees the old list or the new one, never a mix."""

    __tablename__ = "public_status_lists"

    purpose: Mapped[str] = mapped_column(String(20), primary_key=True)
    credential: Mapped[str] = mapped_column(Text)  # compact JWS, vc+jwt
    etag: Mapped[str] = mapped_column(String(64))
    ttl_seconds: Mapped[int] = mapped_column()
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PublicNotice(Base):
    """A results batch on public notice (公示): what anyone may see of it."""

    __tablename__ = "public_notices"

    batch_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    committee_code: Mapped[str] = mapped_column(String(32))
    committee_name_zh: Mapped[str] = mapped_column(String(200))
    committee_name_en: Mapped[str] = mapped_column(String(300))
    notice_from: Mapped[dt.date] = mapped_column(Date)
    notice_to: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # notice | issued
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Where to raise an objection, as the bureau set it when the notice was published.
    objection_contact: Mapped[str | None] = mapped_column(String(500))
    # When the notice-close step removed the full names and work units.
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class PublicNoticeEntry(Base):
    """One person on a notice: the full name and work unit while the notice runs (that is
    what 公示 is for), the masked name alone once it has closed; removed when an objection
    is upheld."""

    __tablename__ = "public_notice_entries"

    batch_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("public_notices.batch_id"), primary_key=True
    )
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    masked_name: Mapped[str] = mapped_column(String(50))
    holder_name: Mapped[str | None] = mapped_column(String(50))  # null once closed
    work_unit: Mapped[str | None] = mapped_column(String(200))  # null once closed
    level: Mapped[str] = mapped_column(String(40))
    title_zh: Mapped[str] = mapped_column(String(40))
    title_en: Mapped[str] = mapped_column(String(80))
    specialty_code: Mapped[str] = mapped_column(String(16))
    specialty_name_zh: Mapped[str] = mapped_column(String(100))
    specialty_name_en: Mapped[str] = mapped_column(String(200))
    evaluation_track: Mapped[str] = mapped_column(String(40))
    route: Mapped[str] = mapped_column(String(40))


class PublicCommittee(Base):
    __tablename__ = "public_committees"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(200))
    filing_number: Mapped[str] = mapped_column(String(100))
    levels: Mapped[list[str]] = mapped_column(JSON)
    specialties: Mapped[list[str]] = mapped_column(JSON)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PublicCommitteeStatus(Base):
    """The public part of a status decision: no internal reason, only what the decision
    document itself makes public (its number and date)."""

    __tablename__ = "public_committee_status"
    __table_args__ = (Index("ix_public_committee_status_code", "committee_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    committee_code: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    effective_date: Mapped[dt.date] = mapped_column(Date)
    decision_number: Mapped[str] = mapped_column(String(100))


class PublicRectificationOrder(Base):
    """The public part of an order to rectify (责令限期整改): its number, date, deadline,
    the grounds in the policy's words, and how it ended; not the bureau's internal reasons."""

    __tablename__ = "public_committee_rectification_orders"
    __table_args__ = (Index("ix_public_committee_rectification_orders_code", "committee_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    committee_code: Mapped[str] = mapped_column(String(32))
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    grounds: Mapped[list[str]] = mapped_column(JSON)
    outcome: Mapped[str | None] = mapped_column(String(20))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_decision_number: Mapped[str | None] = mapped_column(String(100))


class PublicSpecialty(Base):
    __tablename__ = "public_specialties"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PublicSpecialtyName(Base):
    __tablename__ = "public_specialty_names"
    __table_args__ = (Index("ix_public_specialty_names_code", "specialty_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    specialty_code: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


# The public projection of the list, read by verify (granted in deploy/postgres/roles.sql).
# Nothing on the list is personal; the copies leave out only who made each change and why.
class PublicEquivalenceVersion(Base):
    __tablename__ = "public_equivalence_versions"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    effective_from: Mapped[dt.date] = mapped_column(Date, index=True)
    action: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(300))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PublicEquivalenceEntry(Base):
    __tablename__ = "public_equivalence_entries"
    __table_args__ = (Index("ix_public_equivalence_entries_span", "version_from", "version_to"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(100))
    awarding_body: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))
    basis: Mapped[str | None] = mapped_column(String(200))
    provisional: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(500))
    holds_since: Mapped[dt.date] = mapped_column(Date)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    version_from: Mapped[int] = mapped_column(Integer)
    version_to: Mapped[int | None] = mapped_column(Integer)


class PublicPdfCertificate(Base):
    """Part of the public projection: verify may SELECT it (deploy/postgres/roles.sql)."""

    __tablename__ = "public_pdf_certificates"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    certificate: Mapped[str] = mapped_column(Text)  # PEM
    subject: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))  # active | retired
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class PublicCalendarYear(Base):
    """The years the working-day calendar covers, with the notice each comes from: verify
    reads the last one to warn before the calendar runs out."""

    __tablename__ = "public_calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source_title: Mapped[str] = mapped_column(String(200))
    source_number: Mapped[str | None] = mapped_column(String(100))
    source_url: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
