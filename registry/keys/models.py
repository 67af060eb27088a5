"""The signing keys the registry holds (credential keys and PDF keys): their public halves and
status; the private halves are encrypted files (``store``, ``pdf_store``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base, UTCDateTime


class SigningKey(Base):
    """A signing key's public half and life. The private half is a file in the key dir,
    encrypted, readable by the registry's user only."""

    __tablename__ = "signing_keys"
    __table_args__ = (
        Index(
            "ix_signing_keys_one_active",
            "status",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_jwk: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))  # active | retired | compromised
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # What the key signed at or after this time cannot be trusted (key compromise).
    compromised_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


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


class DataKeyCheck(Base):
    """One row: which data key (``REGISTRY_DATA_KEY_FILE``) the stored ID-card numbers are
    encrypted and hashed with, by its identifier (an HKDF derivation under its own purpose,
    never the key, and nothing that tests a guessed ID-card number). A service given
    another key refuses to start."""

    __tablename__ = "data_key_check"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    key_id: Mapped[str] = mapped_column(String(64))
    # The key holder access codes are hashed with, sealed under the data key; none until
    # the first rotation (until then it is derived from the data key itself).
    access_key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    rotated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
