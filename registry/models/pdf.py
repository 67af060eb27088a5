"""The bureau's PDF-signing keys (private) and their certificates as published (public).

The private half of each key is a file in the key directory, encrypted like the credential
keys; the row says which key is active and holds its certificate. The public row is what the
verify service reads to tell whether an uploaded PDF was signed by the bureau.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base
from registry.models.types import UTCDateTime


class PdfSigningKey(Base):
    __tablename__ = "pdf_signing_keys"
    __table_args__ = (
        Index(
            "ix_pdf_signing_keys_one_active",
            "status",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the SPKI
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # of the certificate
    certificate: Mapped[str] = mapped_column(Text)  # PEM
    status: Mapped[str] = mapped_column(String(20))  # active | retired
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


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
