"""Published records: the status lists and the revocation register."""

from __future__ import annotations

import marshmallow as ma
from flask import Response, current_app, request, stream_with_context
from flask_smorest import Blueprint

from certs.credential.model import STATUS_PURPOSES as PURPOSES
from verify import register
from verify.api import PROBLEM_JSON, lookup, problem_response
from verify.schemas import NamedSchema
from webbase.problems import Problem
from webbase.schemas import ProblemSchema

status_lists = Blueprint(
    "status_lists",
    __name__,
    url_prefix="/status",
    description="W3C Bitstring Status Lists (signed, cacheable)",
)
revocations = Blueprint(
    "revocations",
    __name__,
    url_prefix="/api/v1",
    description="The revocation register (撤销公示)",
)
NO_LIST = Problem(
    "not-found",
    404,
    "No such status list",
    "没有此状态列表",
    f"Status lists: {', '.join(PURPOSES)}.",
    f"状态列表有：{'、'.join(PURPOSES)}。",
)


@status_lists.route("/<purpose>")
@status_lists.response(
    200,
    content_type="application/vc+jwt",
    description="BitstringStatusListCredential as a compact JWS; ETag and Cache-Control set",
)
@status_lists.alt_response(304, description="Not modified (If-None-Match)")
@status_lists.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def status_list(purpose: str):
    """The status list for `revocation` or `suspension`"""
    row = lookup().status_list(purpose) if purpose in PURPOSES else None
    if row is None:
        return problem_response(NO_LIST)
    response = Response(row.credential, mimetype="application/vc+jwt")
    response.set_etag(row.etag)
    # A list is replaced whole when a status changes; a verifier may keep it for its ttl.
    response.headers["Cache-Control"] = f"public, max-age={row.ttl_seconds}"
    return response.make_conditional(request)


class RegisterQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=500))


class RevocationSchema(ma.Schema):
    serial = ma.fields.String(required=True)
    serial_display = ma.fields.String(required=True)
    masked_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    title_zh = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)
    specialty = ma.fields.Nested(NamedSchema, required=True)
    committee = ma.fields.Nested(NamedSchema, required=True)
    reason_class = ma.fields.String(allow_none=True, required=True)
    reason_zh = ma.fields.String(allow_none=True, required=True)
    reason_en = ma.fields.String(allow_none=True, required=True)
    decision_number = ma.fields.String(allow_none=True, required=True)
    effective_date = ma.fields.String(allow_none=True, required=True)
    revoked_at = ma.fields.String(allow_none=True, required=True)


class RegisterPageSchema(ma.Schema):
    total = ma.fields.Integer(required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    next_page = ma.fields.Integer(allow_none=True, required=True)
    items = ma.fields.List(ma.fields.Nested(RevocationSchema), required=True)


@revocations.route("/revocations")
@revocations.arguments(RegisterQuerySchema, location="query", unknown=ma.RAISE)
@revocations.response(200, RegisterPageSchema)
def revocation_register(query: dict):
    """Revoked certificates, newest first, a page at a time"""
    return register.page(lookup(), query["page"], query["per_page"])


@revocations.route("/revocations.csv")
@revocations.response(200, content_type="text/csv", description="The whole register as CSV")
def revocation_register_csv():
    """The whole revocation register as CSV (UTF-8 with BOM)"""
    return Response(
        stream_with_context(register.csv_lines(lookup())),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="revocations.csv"'},
    )


@revocations.route("/revocations.atom")
@revocations.response(
    200, content_type="application/atom+xml", description="The newest 100 revocations"
)
def revocation_register_atom():
    """The newest revocations as an Atom feed"""
    base = current_app.extensions["verify"].settings.public_base_url
    return Response(register.atom(lookup(), base), mimetype="application/atom+xml")


BLUEPRINTS = (status_lists, revocations)
