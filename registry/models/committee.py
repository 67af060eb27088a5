from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base
from registry.models.types import UTCDateTime


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
