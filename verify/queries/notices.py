"""Public notices (公示) of results batches: who is proposed for which title, masked,
while objections may still be raised. Read from the projection the registry writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Row, select

from certs.levels import EVALUATION_TRACKS, ROUTES
from verify.tables import public_notice_entries, public_notices


def list_notices(engine: Engine, limit: int = 200) -> list[dict]:
    """Notices newest first: those open for objections and those already issued."""
    statement = (
        select(public_notices)
        .order_by(public_notices.c.published_at.desc(), public_notices.c.batch_id)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [_notice(row) for row in connection.execute(statement)]


def find_notice(engine: Engine, batch_id: str) -> dict | None:
    """One notice with its entries, or None."""
    with engine.connect() as connection:
        row = connection.execute(
            select(public_notices).where(public_notices.c.batch_id == batch_id[:16])
        ).first()
        if row is None:
            return None
        entries = connection.execute(
            select(public_notice_entries)
            .where(public_notice_entries.c.batch_id == row.batch_id)
            .order_by(public_notice_entries.c.row_number)
        )
        return {**_notice(row), "entries": [_entry(entry) for entry in entries]}


def _notice(row: Row[Any]) -> dict:
    return {
        "batch_id": row.batch_id,
        "committee": {
            "code": row.committee_code,
            "name_zh": row.committee_name_zh,
            "name_en": row.committee_name_en,
        },
        "notice_from": row.notice_from,
        "notice_to": row.notice_to,
        "status": row.status,
        "published_at": row.published_at,
    }


def _entry(row: Row[Any]) -> dict:
    track_zh, track_en = EVALUATION_TRACKS.get(row.evaluation_track, (row.evaluation_track,) * 2)
    route = ROUTES.get(row.route)
    return {
        "row": row.row_number,
        "masked_name": row.masked_name,
        "level": row.level,
        "title_zh": row.title_zh,
        "title_en": row.title_en,
        "specialty": {
            "code": row.specialty_code,
            "name_zh": row.specialty_name_zh,
            "name_en": row.specialty_name_en,
        },
        "evaluation_track": {
            "code": row.evaluation_track,
            "name_zh": track_zh,
            "name_en": track_en,
        },
        "route": {
            "code": row.route,
            "name_zh": route.name_zh if route else row.route,
            "name_en": route.name_en if route else row.route,
        },
    }
