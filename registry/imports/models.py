"""An import of the existing register: one run per file (by its SHA-256), one outcome per
row, and the look-up counters of the public original-number search (migration 0023)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base, UTCDateTime


class ImportRun(Base):
    """A file being imported, or imported: the last row committed, so that an interrupted
    import resumes after it and a rerun adds nothing."""

    __tablename__ = "register_import_runs"

    file_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))  # running | complete
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    codes_through: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ImportRow(Base):
    """One row's outcome, once per (file, row): imported (its certificate), duplicate, or
    refused."""

    __tablename__ = "register_import_rows"
    __table_args__ = (
        UniqueConstraint("file_sha256", "row_number", name="ux_register_import_rows_row"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    row_number: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))


class OriginalNumberClient(Base):
    """Look-ups by original number per client (a keyed hash of its address) in a window."""

    __tablename__ = "original_number_clients"

    client_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    tries: Mapped[int] = mapped_column(Integer)
    window_started: Mapped[dt.datetime] = mapped_column(UTCDateTime())
