"""The qualification-to-title equivalence list for anyone, as JSON and as CSV: as it stands,
as it stood on a date or at a version, looked up by a qualification's name."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from certs.spreadsheet import csv_line
from verify.queries.equivalences import VersionNotFoundError, find_equivalences
from verify.schemas import ListAnswerSchema, ListQuerySchema
from verify.web import NO_VERSION, state, today
from webbase.problems import PROBLEM_JSON, problem_response
from webbase.schemas import ProblemSchema

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

api = Blueprint(
    "equivalences",
    __name__,
    url_prefix="/api/v1",
    description="The qualification-to-title equivalence list (职业资格与职称对应清单), public",
)


def _answer(query: dict[str, Any]) -> dict:
    on = query.get("on") or today()  # the day in Beijing
    return find_equivalences(state().engine, on, query.get("version"), query.get("q"))


@api.route("/equivalences")
@api.arguments(ListQuerySchema, location="query", unknown=ma.RAISE)
@api.response(200, ListAnswerSchema)
@api.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def equivalence_list(query: dict[str, Any]) -> ResponseReturnValue:
    """The list in force today, on a date, or at a version; ``q`` looks a qualification up"""
    try:
        return _answer(query)
    except VersionNotFoundError:
        return problem_response(NO_VERSION)


@api.route("/equivalences.csv")
@api.arguments(ListQuerySchema, location="query", unknown=ma.RAISE)
@api.response(200, content_type="text/csv", description="The same list as CSV (UTF-8, BOM)")
@api.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def equivalence_csv(query: dict[str, Any]) -> ResponseReturnValue:
    """The same list as CSV, one entry a row"""
    try:
        found = _answer(query)
    except VersionNotFoundError:
        return problem_response(NO_VERSION)
    # The BOM so that spreadsheet programs read the Chinese as UTF-8; every cell through
    # csv_line, so that an entry's text can never be read as a formula.
    lines = [csv_line(CSV_COLUMNS)]
    lines += [csv_line(entry.get(column) for column in CSV_COLUMNS) for entry in found["entries"]]
    version = found["version"]
    label = f"v{version['number']}" if version else "empty"
    return Response(
        "\ufeff" + "".join(lines),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="equivalences-{label}.csv"',
            "X-List-Version": str(version["number"]) if version else "",
        },
    )
