"""Idempotency records: the first answer to a keyed request, kept for its repeats."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Base, UTCDateTime


class IdempotencyRecord(Base):
    """The first answer to a request that carried an Idempotency-Key, kept with the
    change it made (same transaction), so a repeat gets that answer and changes nothing."""

    __tablename__ = "idempotency_records"

    client_id: Mapped[int] = mapped_column(ForeignKey("api_clients.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
