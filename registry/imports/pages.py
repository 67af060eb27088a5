"""The public look-up of an imported title by its original number and the holder's full
name: a form page, and the answer to its POST (a page, or JSON when the body is JSON).

Served by the registry's public paths, not verify, because it needs the keyed hash of the
full name (verify holds neither full names nor keys) and writes each client's count. The
number and the name travel only in the body, never in a URL, so no access log holds them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from flask import Blueprint, jsonify, make_response, render_template, request

from certs.serials import format_serial
from registry import web
from registry.holders.views import client_address
from registry.imports.lookup import (
    Match,
    TooManyLookupsError,
    claim_lookup,
    find_by_original_number,
    lookup_client_hash,
)
from registry.web.errors import handle_domain_error

original_number = Blueprint("original_number", __name__, template_folder="templates")

PATH = "/public/original-number"
MAX_FIELD = 200
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
}


@original_number.get(PATH)
def form():
    return render_template("original_number.html", searched=False), 200, HEADERS


@original_number.post(PATH)
def look_up():
    data: Mapping[str, object] = request.form
    if request.is_json:
        body = request.get_json(silent=True)
        data = body if isinstance(body, dict) else {}  # not an object: nothing to look up
    number = str(data.get("original_number") or "")[:MAX_FIELD]
    name = str(data.get("full_name") or "")[:MAX_FIELD]
    session, state = web.session(), web.state()
    try:
        claim_lookup(
            session,
            lookup_client_hash(state.protector, client_address()),
            web.now(),
            state.settings.original_number_lookups_per_hour,
        )
    except TooManyLookupsError as error:
        session.commit()
        return _refused(error)
    session.commit()
    matches = find_by_original_number(session, state.protector, number, name)
    base = state.settings.verify_public_base_url
    if request.is_json:
        return jsonify({"matches": [_json(m, base) for m in matches]}), 200, HEADERS
    page = render_template(
        "original_number.html",
        searched=True,
        matches=matches,
        number=number,
        verify_base=base,
        format_serial=format_serial,
    )
    return page, 200, HEADERS


def _refused(error: TooManyLookupsError):
    if request.is_json:
        response = handle_domain_error(error)
    else:
        page = render_template("original_number.html", searched=False, refused=error)
        response = make_response(page, 429, HEADERS)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


def _json(match: Match, base: str) -> dict[str, object]:
    found = asdict(match)
    found["decision_date"] = match.decision_date.isoformat()
    found["status"] = {
        "code": match.status_code,
        "title_zh": match.status.title_zh,
        "title_en": match.status.title_en,
        "since": match.status.since,
    }
    found["verify_url"] = f"{base}/c/{match.serial}"
    return found
