"""Published records: the signed status lists, and the revocation register (撤销公示) as
JSON, CSV and an Atom feed."""

from __future__ import annotations

import marshmallow as ma
from flask import Response, request, stream_with_context
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from certs.credential.model import STATUS_PURPOSES
from verify.queries.published import (
    find_status_list,
    register_atom,
    register_csv_lines,
    register_page,
)
from verify.schemas import RegisterPageSchema, RegisterQuerySchema
from verify.web import NO_STATUS_LIST, state
from webbase.problems import PROBLEM_JSON, problem_response
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


@status_lists.route("/<purpose>")
@status_lists.response(
    200,
    content_type="application/vc+jwt",
    description="BitstringStatusListCredential as a compact JWS; ETag and Cache-Control set",
)
@status_lists.alt_response(304, description="Not modified (If-None-Match)")
@status_lists.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def status_list(purpose: str) -> ResponseReturnValue:
    """The status list for `revocation` or `suspension`"""
    row = find_status_list(state().engine, purpose) if purpose in STATUS_PURPOSES else None
    if row is None:
        return problem_response(NO_STATUS_LIST)
    response = Response(row.credential, mimetype="application/vc+jwt")
    response.set_etag(row.etag)
    # A list is replaced whole when a status changes; a verifier may keep it for its ttl.
    response.headers["Cache-Control"] = f"public, max-age={row.ttl_seconds}"
    return response.make_conditional(request)


@revocations.route("/revocations")
@revocations.arguments(RegisterQuerySchema, location="query", unknown=ma.RAISE)
@revocations.response(200, RegisterPageSchema)
def revocation_register(query: dict[str, int]) -> dict:
    """Revoked certificates, newest first, a page at a time"""
    return register_page(state().engine, query["page"], query["per_page"])


@revocations.route("/revocations.csv")
@revocations.response(200, content_type="text/csv", description="The whole register as CSV")
def revocation_register_csv() -> ResponseReturnValue:
    """The whole revocation register as CSV (UTF-8 with BOM)"""
    return Response(
        stream_with_context(register_csv_lines(state().engine)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="revocations.csv"'},
    )


@revocations.route("/revocations.atom")
@revocations.response(
    200, content_type="application/atom+xml", description="The newest 100 revocations"
)
def revocation_register_atom() -> ResponseReturnValue:
    """The newest revocations as an Atom feed"""
    base = state().settings.public_base_url
    return Response(register_atom(state().engine, base), mimetype="application/atom+xml")
