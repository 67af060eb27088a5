"""Published records: the signed status lists, and the revocation register (撤销公示),
every revoked certificate newest first.

The register is built from the public projection only, so it can hold nothing private:
masked names, the reason class, the decision's number and date. No ID-card number, no note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from feedgen.feed import FeedGenerator
from sqlalchemy import Engine, Row, bindparam, func, select

from certs.dates import as_utc, iso_utc
from certs.revocation import reason_label
from certs.serials import format_serial
from certs.spreadsheet import csv_line
from verify.tables import public_certificates, public_status_lists

FIND_STATUS_LIST = select(public_status_lists).where(
    public_status_lists.c.purpose == bindparam("purpose")
)

T = public_certificates.c
REVOKED = T.status == "revoked"
NEWEST_FIRST = (T.status_changed_at.desc(), T.serial)
PAGE = (
    select(public_certificates)
    .where(REVOKED)
    .order_by(*NEWEST_FIRST)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
ALL = select(public_certificates).where(REVOKED).order_by(*NEWEST_FIRST)
COUNT = select(func.count()).select_from(public_certificates).where(REVOKED)
CSV_COLUMNS = (
    "serial",
    "masked_name",
    "level",
    "title_zh",
    "specialty_code",
    "specialty_name_zh",
    "committee_code",
    "committee_name_zh",
    "reason_class",
    "reason_zh",
    "reason_en",
    "decision_number",
    "effective_date",
    "revoked_at",
)


def find_status_list(engine: Engine, purpose: str) -> Row[Any] | None:
    with engine.connect() as connection:
        return connection.execute(FIND_STATUS_LIST, {"purpose": purpose}).first()


def register_entry(row: Row[Any]) -> dict:
    reason_zh, reason_en = reason_label(row.status_reason)
    return {
        "serial": row.serial,
        "serial_display": format_serial(row.serial),
        "masked_name": row.masked_name,
        "level": row.level,
        "title_zh": row.title_zh,
        "title_en": row.title_en,
        "specialty": {
            "code": row.specialty_code,
            "name_zh": row.specialty_name_zh,
            "name_en": row.specialty_name_en,
        },
        "committee": {
            "code": row.committee_code,
            "name_zh": row.committee_name_zh,
            "name_en": row.committee_name_en,
        },
        "reason_class": row.status_reason,
        "reason_zh": reason_zh,
        "reason_en": reason_en,
        "decision_number": row.status_decision_number,
        "effective_date": row.status_effective_date.isoformat()
        if row.status_effective_date
        else None,
        "revoked_at": iso_utc(row.status_changed_at) if row.status_changed_at else None,
    }


def register_page(engine: Engine, number: int, size: int) -> dict:
    with engine.connect() as connection:
        total = connection.execute(COUNT).scalar_one()
        rows = connection.execute(PAGE, {"limit": size, "offset": (number - 1) * size}).all()
    return {
        "total": total,
        "page": number,
        "per_page": size,
        "next_page": number + 1 if number * size < total else None,
        "items": [register_entry(row) for row in rows],
    }


def register_csv_lines(engine: Engine) -> Iterator[str]:
    """The whole register as CSV, a line at a time (a BOM first, for spreadsheet programs);
    every cell through ``csv_line``, so that no text can be read as a formula."""
    yield "\ufeff" + csv_line(CSV_COLUMNS)
    with engine.connect() as connection:
        for row in connection.execute(ALL):
            item = register_entry(row)
            flat = {
                **item,
                "specialty_code": row.specialty_code,
                "specialty_name_zh": row.specialty_name_zh,
                "committee_code": row.committee_code,
                "committee_name_zh": row.committee_name_zh,
            }
            yield csv_line(flat[column] or "" for column in CSV_COLUMNS)


def register_atom(engine: Engine, base_url: str, limit: int = 100) -> bytes:
    """The newest revocations as an Atom feed, for subscribers."""
    with engine.connect() as connection:
        rows = connection.execute(PAGE, {"limit": limit, "offset": 0}).all()
    feed = FeedGenerator()
    feed.id(f"{base_url}/api/v1/revocations.atom")
    feed.title("职称证书撤销公示 Revoked engineering title certificates")
    feed.author({"name": "职称证书查询验证 Title certificate verification"})
    feed.link(href=f"{base_url}/api/v1/revocations.atom", rel="self")
    feed.link(href=f"{base_url}/api/v1/revocations", rel="alternate")
    feed.language("zh-CN")
    updated = [as_utc(row.status_changed_at) for row in rows if row.status_changed_at]
    if updated:
        feed.updated(max(updated))
    for row in reversed(rows):  # feedgen puts the last added first
        item = register_entry(row)
        feed_entry = feed.add_entry()
        feed_entry.id(f"{base_url}/c/{row.serial}#revoked-{item['revoked_at']}")
        feed_entry.title(
            f"{item['serial_display']} {row.masked_name} {row.title_zh} 已撤销 revoked"
        )
        feed_entry.link(href=f"{base_url}/c/{row.serial}")
        feed_entry.updated(as_utc(row.status_changed_at))
        feed_entry.summary(
            f"{row.specialty_name_zh}；{row.committee_name_zh}；{item['reason_zh']} "
            f"({item['reason_en']})；{item['decision_number']}（{item['effective_date']}）"
        )
    return feed.atom_str(pretty=True)
