"""The public projection: what the verify service may read, and nothing else.

Written by the registry in the same transaction as the change it reflects. No ID-card
number and no unmasked name ever goes here. In production verify's database role may
SELECT these tables only (deploy/postgres/roles.sql).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base
from registry.models.types import UTCDateTime


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
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str | None] = mapped_column(String(40))
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    credential: Mapped[str] = mapped_column(Text)
    qr_token: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Revocation register, status lists and key compromise (migration 0005).
    status_decision_number: Mapped[str | None] = mapped_column(String(100))
    status_effective_date: Mapped[dt.date | None] = mapped_column(Date)
    status_index: Mapped[int | None] = mapped_column()
    kid: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


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


class PublicNoticeEntry(Base):
    """One person on a notice, masked; removed when an objection is upheld."""

    __tablename__ = "public_notice_entries"

    batch_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("public_notices.batch_id"), primary_key=True
    )
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    masked_name: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(40))
    title_zh: Mapped[str] = mapped_column(String(40))
    title_en: Mapped[str] = mapped_column(String(80))
    specialty_code: Mapped[str] = mapped_column(String(16))
    specialty_name_zh: Mapped[str] = mapped_column(String(100))
    specialty_name_en: Mapped[str] = mapped_column(String(200))
    evaluation_track: Mapped[str] = mapped_column(String(40))
    route: Mapped[str] = mapped_column(String(40))
