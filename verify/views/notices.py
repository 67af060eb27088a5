"""Public notices (公示) of results batches, as JSON and as pages: who is proposed for which
title, with masked names, while objections may still be raised."""

from __future__ import annotations

from flask import Blueprint as PageBlueprint
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from verify.queries.notices import find_notice, list_notices
from verify.schemas import NoticeDetailSchema, NoticeSchema
from verify.web import NO_NOTICE, render_page, state
from webbase.problems import problem_response

api = Blueprint(
    "notices", __name__, url_prefix="/api/v1/notices", description="Public notices (公示)"
)
pages = PageBlueprint("notice_pages", __name__)


@api.route("")
@api.response(200, NoticeSchema(many=True))
def notices_json() -> list[dict]:
    """Results batches on public notice, and recently issued ones, newest first"""
    return list_notices(state().engine)


@api.route("/<batch_id>")
@api.response(200, NoticeDetailSchema)
@api.alt_response(404, description="No such notice")
def notice_json(batch_id: str) -> ResponseReturnValue:
    """One notice: the people proposed, with masked names"""
    notice = find_notice(state().engine, batch_id)
    return notice if notice is not None else problem_response(NO_NOTICE)


@pages.get("/notices")
def notices_page() -> ResponseReturnValue:
    return render_page("notices.html", notices=list_notices(state().engine))


@pages.get("/notices/<batch_id>")
def notice_page(batch_id: str) -> ResponseReturnValue:
    notice = find_notice(state().engine, batch_id)
    if notice is None:
        return render_page("notices.html", 404, notices=[], missing=batch_id)
    return render_page("notice.html", notice=notice)
