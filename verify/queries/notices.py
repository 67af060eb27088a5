"""Public notices (公示) of results batches: who is proposed for which title, while objections
may still be raised. Read from the projection the registry writes.

While a notice runs (its last day not past, Beijing time) it shows what a 公示 shows: full
name, work unit, title and specialty applied for. Once it has ended only the masked name
is shown, even before the registry's notice-close step has taken the full names out of the
tables, and a search no longer matches them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Engine, Row, func, or_, select

from certs.dates import as_utc
from certs.levels import EVALUATION_TRACKS, ROUTES
from verify.tables import public_notice_entries, public_notices

PER_PAGE = 50
ENTRIES = public_notice_entries.c
# What a search matches at any time; the full name and the work unit only while it runs.
SEARCHED_ALWAYS = (
    ENTRIES.masked_name,
    ENTRIES.specialty_code,
    ENTRIES.specialty_name_zh,
    ENTRIES.specialty_name_en,
    ENTRIES.title_zh,
    ENTRIES.title_en,
)
SEARCHED_WHILE_OPEN = (ENTRIES.holder_name, ENTRIES.work_unit)


def list_notices(engine: Engine, today: dt.date, limit: int = 200) -> list[dict]:
    """Notices newest first: those open for objections, those ended and those issued."""
    statement = (
        select(public_notices)
        .order_by(public_notices.c.published_at.desc(), public_notices.c.batch_id)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [_notice(row, today) for row in connection.execute(statement)]


def current_notices(engine: Engine, today: dt.date, limit: int = 10) -> list[dict]:
    """Notices running today, the soonest to end first."""
    statement = (
        select(public_notices)
        .where(
            public_notices.c.status == "notice",
            public_notices.c.closed_at.is_(None),
            public_notices.c.notice_to >= today,
        )
        .order_by(public_notices.c.notice_to, public_notices.c.batch_id)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [_notice(row, today) for row in connection.execute(statement)]


def find_notice(
    engine: Engine,
    batch_id: str,
    today: dt.date,
    search: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> dict | None:
    """One notice with one page of its entries (those matching ``search``), or None."""
    with engine.connect() as connection:
        row = connection.execute(
            select(public_notices).where(public_notices.c.batch_id == batch_id[:16])
        ).first()
        if row is None:
            return None
        notice = _notice(row, today)
        everyone = ENTRIES.batch_id == row.batch_id
        matching = everyone
        if search:
            matching = everyone & _matches(search, notice["open"])
        listed = connection.execute(select(func.count()).where(everyone)).scalar_one()
        total = connection.execute(select(func.count()).where(matching)).scalar_one()
        entries = connection.execute(
            select(public_notice_entries)
            .where(matching)
            .order_by(ENTRIES.row_number)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        return {
            **notice,
            "listed": listed,
            "query": search or None,
            "total": total,
            "page": page,
            "per_page": per_page,
            "next_page": page + 1 if page * per_page < total else None,
            "entries": [_entry(entry, notice["open"]) for entry in entries],
        }


def _matches(search: str, open_: bool) -> ColumnElement[bool]:
    columns = SEARCHED_ALWAYS + (SEARCHED_WHILE_OPEN if open_ else ())
    return or_(*(column.icontains(search, autoescape=True) for column in columns))


def is_open(row: Row[Any], today: dt.date) -> bool:
    """Objections taken, full names shown: on notice, not closed, its last day not past."""
    return row.status == "notice" and row.closed_at is None and today <= row.notice_to


def _notice(row: Row[Any], today: dt.date) -> dict:
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
        "open": is_open(row, today),
        "objection_deadline": row.notice_to,
        "objection_contact": row.objection_contact,
        "published_at": as_utc(row.published_at),
        "closed_at": as_utc(row.closed_at) if row.closed_at else None,
    }


def _entry(row: Row[Any], open_: bool) -> dict:
    track_zh, track_en = EVALUATION_TRACKS.get(row.evaluation_track, (row.evaluation_track,) * 2)
    route = ROUTES.get(row.route)
    return {
        "row": row.row_number,
        "name": row.holder_name if open_ else None,
        "masked_name": row.masked_name,
        "work_unit": row.work_unit if open_ else None,
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
