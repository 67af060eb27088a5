"""The equivalence list for anyone: as it stands, as it stood on a date, looked up by name.

Reads only the public projection the registry writes with every change of the list
(registry/models/equivalence.py); the list is small, so a look-up reads the version's
rows and scores them here, where the name matching of ``certs.equivalence`` lives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import marshmallow as ma
from flask import Response, current_app
from flask_smorest import Blueprint
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String, Table, or_, select

from certs.dates import beijing_date, iso_utc
from certs.equivalence import GRADES, name_key, parse_query, score
from certs.levels import BY_CODE
from verify.equivalence_schemas import ListAnswerSchema, ListQuerySchema
from verify.lookup import metadata
from webbase.problems import Problem
from webbase.schemas import ProblemSchema

versions = Table(
    "public_equivalence_versions",
    metadata,
    Column("number", Integer, primary_key=True),
    Column("effective_from", Date),
    Column("action", String),
    Column("summary", String),
    Column("published_at", DateTime(timezone=True)),
)
entries = Table(
    "public_equivalence_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    *(
        Column(name, String)
        for name in (
            "code",
            "name_zh",
            "name_en",
            "name_key",
            "awarding_body",
            "grade",
            "level",
            "source",
            "basis",
            "note",
        )
    ),
    Column("provisional", Boolean),
    Column("holds_since", Date),
    Column("effective_from", Date),
    Column("effective_to", Date),
    Column("version_from", Integer),
    Column("version_to", Integer),
)

RULE = {
    "en": "Graded qualifications: junior (or second class) gives Assistant Engineer, "
    "intermediate (or first class) Engineer, senior Senior Engineer; an ungraded one gives "
    "Engineer, unless the state rules otherwise (policy 3(3)3). An entry marked exception "
    "names the document it rests on.",
    "zh": "职业资格分级设置的，初级（二级）对应助理工程师，中级（一级）对应工程师，高级对应高级"
    "工程师；未分级设置的对应工程师；国家另有规定的除外（政策三（三）3）。例外条目注明依据文件。",
}
PROVISIONAL_NOTICE = {
    "en": "Entries marked provisional come from a starter list the bureau has not reviewed "
    "yet; they are not official.",
    "zh": "标为“待审核”的条目来自起步清单，尚未经市人社局审核，不具正式效力。",
}
NO_VERSION = Problem(
    "not-found",
    404,
    "No such version of the list",
    "清单没有该版本",
    "The equivalence list has no version with this number.",
    "对应清单没有此版本号。",
)
CSV_COLUMNS = (
    "code",
    "name_zh",
    "name_en",
    "awarding_body",
    "grade",
    "grade_zh",
    "level",
    "title_zh",
    "title_en",
    "source",
    "basis",
    "provisional",
    "note",
    "holds_since",
    "effective_from",
    "effective_to",
)

blp = Blueprint(
    "equivalences",
    __name__,
    url_prefix="/api/v1",
    description="The qualification-to-title equivalence list (职业资格与职称对应清单), public",
)


class VersionNotFound(Exception):
    pass


def read_list(on: dt.date, number: int | None = None):
    """(version row or None, entry rows) of the list in force on ``on`` or at ``number``."""
    statement = select(versions)
    if number is not None:
        statement = statement.where(versions.c.number == number)
    else:
        statement = statement.where(versions.c.effective_from <= on)
    statement = statement.order_by(versions.c.number.desc()).limit(1)
    with current_app.extensions["verify"].engine.connect() as connection:
        version = connection.execute(statement).first()
        if version is None:
            if number is not None:
                raise VersionNotFound
            return None, []
        rows = connection.execute(
            select(entries)
            .where(
                entries.c.version_from <= version.number,
                or_(entries.c.version_to.is_(None), entries.c.version_to > version.number),
            )
            .order_by(entries.c.code)
        ).all()
    return version, rows


def entry_answer(row) -> dict:
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


def answer(query: dict) -> dict:
    on = query.get("on") or beijing_date(dt.datetime.now(dt.UTC))  # the day in Beijing
    version, rows = read_list(on, query.get("version"))
    text = (query.get("q") or "").strip() or None
    if text is not None:
        parsed = parse_query(text)
        scored = [(score(parsed, (r.name_key, name_key(r.name_en)), r.grade), r) for r in rows]
        rows = [r for s, r in sorted(scored, key=lambda pair: -pair[0]) if s > 0]
    found = [entry_answer(row) for row in rows]
    return {
        "on": on.isoformat() if query.get("version") is None else None,
        "version": _version_answer(version),
        "query": text,
        "rule": RULE,
        "notice": PROVISIONAL_NOTICE if any(e["provisional"] for e in found) else None,
        "entries": found,
    }


def _version_answer(version) -> dict | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "action": version.action,
        "summary": version.summary,
        "published_at": iso_utc(version.published_at),
    }


def _problem(problem: Problem):
    return current_app.response_class(
        current_app.json.dumps(problem.as_dict()),
        status=problem.status,
        mimetype="application/problem+json",
    )


@blp.route("/equivalences")
@blp.arguments(ListQuerySchema, location="query", unknown=ma.RAISE)
@blp.response(200, ListAnswerSchema)
@blp.alt_response(404, schema=ProblemSchema, content_type="application/problem+json")
def equivalence_list(query: dict):
    """The list in force today, on a date, or at a version; ``q`` looks a qualification up"""
    try:
        return answer(query)
    except VersionNotFound:
        return _problem(NO_VERSION)


@blp.route("/equivalences.csv")
@blp.arguments(ListQuerySchema, location="query", unknown=ma.RAISE)
@blp.response(200, content_type="text/csv", description="The same list as CSV (UTF-8, BOM)")
@blp.alt_response(404, schema=ProblemSchema, content_type="application/problem+json")
def equivalence_csv(query: dict):
    """The same list as CSV, one entry a row"""
    try:
        found = answer(query)
    except VersionNotFound:
        return _problem(NO_VERSION)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read the Chinese as UTF-8
    writer = csv.DictWriter(buffer, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(found["entries"])
    version = found["version"]
    label = f"v{version['number']}" if version else "empty"
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="equivalences-{label}.csv"',
            "X-List-Version": str(version["number"]) if version else "",
        },
    )
