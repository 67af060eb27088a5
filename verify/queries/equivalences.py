"""The equivalence list for anyone: as it stands, as it stood on a date, looked up by name.

Reads only the public projection the registry writes with every change of the list; the
list is small, so a look-up reads the version's rows and scores them here, where the name
matching of ``certs.equivalence`` lives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, Row, or_, select

from certs.dates import iso_utc
from certs.equivalence import (
    BUREAU_RULE,
    GRADES,
    POLICY_CLAUSE,
    POLICY_RULE,
    name_key,
    parse_query,
    score,
)
from certs.levels import BY_CODE
from verify.tables import public_equivalence_entries as entries
from verify.tables import public_equivalence_versions as versions

# The policy's sentence and the bureau's choice within each tier, side by side and apart;
# ``zh`` and ``en`` join them, each part labelled, for readers of the earlier answer.
RULE = {
    "clause": POLICY_CLAUSE,
    "policy": POLICY_RULE,
    "implementation": BUREAU_RULE,
    "zh": f"政策原文（{POLICY_CLAUSE}）：{POLICY_RULE['zh']}{BUREAU_RULE['zh']}",
    "en": f"The policy ({POLICY_CLAUSE}): {POLICY_RULE['en']} {BUREAU_RULE['en']}",
}
PROVISIONAL_NOTICE = {
    "en": "Entries marked provisional come from a starter list the bureau has not reviewed "
    "yet; they are not official.",
    "zh": "标为“待审核”的条目来自起步清单，尚未经市人社局审核，不具正式效力。",
}


class VersionNotFoundError(Exception):
    """The list has no version with the number asked for."""


def find_equivalences(
    engine: Engine, on: dt.date, version: int | None = None, text: str | None = None
) -> dict:
    """The list in force on ``on`` (or at ``version``), its entries best match first when
    ``text`` looks a qualification up."""
    found_version, rows = read_list(engine, on, version)
    text = (text or "").strip() or None
    if text is not None:
        parsed = parse_query(text)
        scored = [(score(parsed, (r.name_key, name_key(r.name_en)), r.grade), r) for r in rows]
        rows = [r for s, r in sorted(scored, key=lambda pair: -pair[0]) if s > 0]
    found = [entry_answer(row) for row in rows]
    return {
        "on": on.isoformat() if version is None else None,
        "version": _version_answer(found_version),
        "query": text,
        "rule": RULE,
        "notice": PROVISIONAL_NOTICE if any(e["provisional"] for e in found) else None,
        "entries": found,
    }


def read_list(
    engine: Engine, on: dt.date, number: int | None = None
) -> tuple[Row[Any] | None, list[Row[Any]]]:
    """(version row or None, entry rows) of the list in force on ``on`` or at ``number``."""
    statement = select(versions)
    if number is not None:
        statement = statement.where(versions.c.number == number)
    else:
        statement = statement.where(versions.c.effective_from <= on)
    statement = statement.order_by(versions.c.number.desc()).limit(1)
    with engine.connect() as connection:
        version = connection.execute(statement).first()
        if version is None:
            if number is not None:
                raise VersionNotFoundError
            return None, []
        rows = connection.execute(
            select(entries)
            .where(
                entries.c.version_from <= version.number,
                or_(entries.c.version_to.is_(None), entries.c.version_to > version.number),
            )
            .order_by(entries.c.code)
        ).all()
    return version, list(rows)


def entry_answer(row: Row[Any]) -> dict:
    grade, level = GRADES[row.grade], BY_CODE[row.level]
    return {
        "code": row.code,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "awarding_body": row.awarding_body,
        "grade": row.grade,
        "grade_zh": grade.name_zh,
        "grade_en": grade.name_en,
        "level": row.level,
        "title_zh": level.title_zh,
        "title_en": level.title_en,
        "source": row.source,
        "basis": row.basis,
        "provisional": bool(row.provisional),
        "note": row.note,
        "holds_since": row.holds_since.isoformat(),
        "effective_from": row.effective_from.isoformat(),
        "effective_to": row.effective_to.isoformat() if row.effective_to else None,
    }


def _version_answer(version: Row[Any] | None) -> dict | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "action": version.action,
        "summary": version.summary,
        "published_at": iso_utc(version.published_at),
    }
