"""Public notices (公示) of results batches, as JSON and as pages: who is proposed for which
title, by full name and work unit while the notice runs (masked once it has ended), with the
objection deadline and where to object; searchable, a page at a time."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask import Blueprint as PageBlueprint
from flask import request
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from verify.queries.notices import find_notice, list_notices
from verify.schemas import NoticeDetailSchema, NoticeQuerySchema, NoticeSchema
from verify.web import NO_NOTICE, render_page, state, today
from webbase.problems import problem_response

api = Blueprint(
    "notices", __name__, url_prefix="/api/v1/notices", description="Public notices (公示)"
)
pages = PageBlueprint("notice_pages", __name__)


@api.route("")
@api.response(200, NoticeSchema(many=True))
def notices_json() -> list[dict]:
    """Results batches on public notice, and recently issued ones, newest first"""
    return list_notices(state().engine, today())


@api.route("/<batch_id>")
@api.arguments(NoticeQuerySchema, location="query", unknown=ma.RAISE)
@api.response(200, NoticeDetailSchema)
@api.alt_response(404, description="No such notice")
def notice_json(query: dict[str, Any], batch_id: str) -> ResponseReturnValue:
    """One notice, a page of its people at a time (full names and work units while it runs;
    `q` searches names, work units and specialties)"""
    notice = _find(batch_id, query)
    return notice if notice is not None else problem_response(NO_NOTICE)


@pages.get("/notices")
def notices_page() -> ResponseReturnValue:
    return render_page("notices.html", notices=list_notices(state().engine, today()))


@pages.get("/notices/<batch_id>")
def notice_page(batch_id: str) -> ResponseReturnValue:
    notice = _find(batch_id, _page_query(request.args))
    if notice is None:
        return render_page("notices.html", 404, notices=[], missing=batch_id)
    return render_page(
        "notice.html", notice=notice, pages=-(-notice["total"] // notice["per_page"])
    )


def _find(batch_id: str, query: Mapping[str, Any]) -> dict | None:
    # NFKC: full-width letters and digits typed with a Chinese input method match.
    search = unicodedata.normalize("NFKC", query.get("q") or "").strip()
    return find_notice(state().engine, batch_id, today(), search, query["page"], query["per_page"])


def _page_query(args: Mapping[str, str]) -> dict[str, Any]:
    """The page's search and page number; what does not parse reads as the first page."""
    try:
        return NoticeQuerySchema().load({k: args[k] for k in ("q", "page") if k in args})
    except ma.ValidationError:
        return NoticeQuerySchema().load({"q": (args.get("q") or "")[:50]})
