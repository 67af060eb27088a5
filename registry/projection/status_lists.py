"""The published Bitstring Status List credentials, replaced whole in the transaction of
the change they reflect: a reader sees the old lists or the new ones, never a mix."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.projection.models import PublicStatusList


def lock_status_lists(session: Session) -> None:
    """Lock the published lists: a concurrent publisher's changes are then committed and
    seen by the reads that follow (PostgreSQL, read committed), never overwritten by a
    stale list."""
    session.scalars(select(PublicStatusList).with_for_update()).all()


def published_status_list(session: Session, purpose: str) -> PublicStatusList | None:
    return session.get(PublicStatusList, purpose)


def write_status_list(
    session: Session, purpose: str, token: str, ttl_seconds: int, now: dt.datetime
) -> PublicStatusList:
    row = session.get(PublicStatusList, purpose) or PublicStatusList(purpose=purpose)
    row.credential = token
    row.etag = hashlib.sha256(token.encode()).hexdigest()[:32]
    row.ttl_seconds = ttl_seconds
    row.updated_at = now
    session.add(row)
    return row
