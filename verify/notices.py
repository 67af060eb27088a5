"""Public notices (公示) of results batches: who is proposed for which title, masked,
while objections may still be raised. Read from the projection the registry writes."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint as PageBlueprint
from flask import Flask, current_app
from flask_smorest import Blueprint
from sqlalchemy import Column, Date, DateTime, Integer, MetaData, String, Table, select

from certs.levels import EVALUATION_TRACKS, ROUTES

metadata = MetaData()
public_notices = Table(
    "public_notices",
    metadata,
    Column("batch_id", String, primary_key=True),
    Column("committee_code", String),
    Column("committee_name_zh", String),
    Column("committee_name_en", String),
    Column("notice_from", Date),
    Column("notice_to", Date),
    Column("status", String),
    Column("published_at", DateTime(timezone=True)),
)
public_notice_entries = Table(
    "public_notice_entries",
    metadata,
    Column("batch_id", String, primary_key=True),
    Column("row_number", Integer, primary_key=True),
    *(
        Column(name, String)
        for name in (
            "masked_name",
            "level",
            "title_zh",
            "title_en",
            "specialty_code",
            "specialty_name_zh",
            "specialty_name_en",
            "evaluation_track",
            "route",
        )
    ),
)

api = Blueprint(
    "notices", __name__, url_prefix="/api/v1/notices", description="Public notices (公示)"
)
pages = PageBlueprint("notice_pages", __name__)


class NoticeSchema(ma.Schema):
    batch_id = ma.fields.String(required=True)
    committee = ma.fields.Dict(required=True)
    notice_from = ma.fields.Date(required=True)
    notice_to = ma.fields.Date(required=True)
    status = ma.fields.String(
        required=True, metadata={"description": "notice (objections open) or issued"}
    )
    published_at = ma.fields.AwareDateTime(required=True)


class NoticeEntrySchema(ma.Schema):
    row = ma.fields.Integer(required=True)
    masked_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    title_zh = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)
    specialty = ma.fields.Dict(required=True)
    evaluation_track = ma.fields.Dict(required=True)
    route = ma.fields.Dict(required=True)


class NoticeDetailSchema(NoticeSchema):
    entries = ma.fields.List(ma.fields.Nested(NoticeEntrySchema), required=True)


def _engine():
    return current_app.extensions["verify"].engine


def list_notices(limit: int = 200) -> list[dict]:
    statement = (
        select(public_notices)
        .order_by(public_notices.c.published_at.desc(), public_notices.c.batch_id)
        .limit(limit)
    )
    with _engine().connect() as connection:
        return [_notice(row) for row in connection.execute(statement)]


def find_notice(batch_id: str) -> dict | None:
    with _engine().connect() as connection:
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


def _notice(row) -> dict:
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


def _entry(row) -> dict:
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


@api.route("")
@api.response(200, NoticeSchema(many=True))
def notices_json():
    """Results batches on public notice, and recently issued ones, newest first"""
    return list_notices()


@api.route("/<batch_id>")
@api.response(200, NoticeDetailSchema)
@api.alt_response(404, description="No such notice")
def notice_json(batch_id: str):
    """One notice: the people proposed, with masked names"""
    from verify.api import NOT_FOUND_NOTICE, problem_response

    notice = find_notice(batch_id)
    return notice if notice is not None else problem_response(NOT_FOUND_NOTICE)


@pages.get("/notices")
def notices_page():
    from verify.pages import _page

    return _page("notices.html", notices=list_notices())


@pages.get("/notices/<batch_id>")
def notice_page(batch_id: str):
    from verify.pages import _page

    notice = find_notice(batch_id)
    if notice is None:
        return _page("notices.html", 404, notices=[], missing=batch_id)
    return _page("notice.html", notice=notice)


def init_app(app: Flask, smorest_api) -> None:
    smorest_api.register_blueprint(api)
    app.register_blueprint(pages)
