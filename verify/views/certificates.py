"""Checking a certificate, by serial number or by a signed credential or QR text: as JSON,
and as pages a person reads at a glance on a phone, with JavaScript off. Also the public
keys (JWKS) to check a credential offline, and the liveness probe (which warns the
operators before the working-day calendar runs out)."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from flask import Blueprint as PageBlueprint
from flask import jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from certs.credential.model import serial_of
from certs.dates import iso_utc
from certs.qr import token_from_qr_text
from certs.serials import is_valid_serial, parse_serial
from certs.status_text import status_text
from certs.workdays import coverage_warning
from verify.answers import certificate_answer, token_answer
from verify.queries.lookup import signed_while_compromised, token_matches, token_signed_at
from verify.queries.notices import current_notices
from verify.schemas import (
    CertificateAnswerSchema,
    HealthSchema,
    TokenAnswerSchema,
    VerifyRequestSchema,
)
from verify.web import NOT_FOUND, now, render_page, state, today
from webbase.problems import PROBLEM_JSON, problem_response
from webbase.schemas import ProblemSchema

api = Blueprint(
    "verification",
    __name__,
    url_prefix="/api/v1",
    description="Check a certificate (public, no account)",
)
wellknown = Blueprint(
    "wellknown", __name__, url_prefix="/.well-known", description="Published keys"
)
pages = PageBlueprint("pages", __name__)
log = logging.getLogger(__name__)

CALENDAR_UNREADABLE = {
    "code": "calendar_unreadable",
    "message": "The working-day calendar's end could not be read from the database.",
    "message_zh": "无法从数据库读取工作日历的截止日期。",
}
KEY_STATUS_ZH = {"active": "使用中", "retired": "已停用", "compromised": "已泄露"}
# Dashes a phone keyboard or a Chinese input method may type instead of "-".
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\u30fc", "-"))


def answer_token(token: str) -> dict[str, Any]:
    """A presented token's own signature, its facts against the record of the serial it
    names, then the live record."""
    lookup = state().lookup
    verdict = lookup.verify_token(token)
    row = check = None
    matches = False
    if verdict.valid and verdict.credential is not None:  # a valid verdict carries it
        serial = serial_of(verdict.credential)
        row = lookup.find_typed(serial) if serial else None
        check = lookup.check_record(row) if row is not None else None
        matches = row is not None and token_matches(verdict.credential, row)
    key = lookup.keys().get(verdict.kid) if verdict.kid else None
    # A token signed before its key's compromise time is still trusted (check_record's rule).
    compromised = (
        verdict.valid
        and verdict.credential is not None
        and signed_while_compromised(
            key,
            token_signed_at(
                verdict.credential, verdict.kid, row, matches and check is not None and check.valid
            ),
        )
    )
    return token_answer(
        verdict,
        row,
        check,
        now(),
        key.status if key else None,
        compromised,
        matches=matches or row is None,
    )


# JSON ------------------------------------------------------------------------------------
@api.route("/certificates/<serial>")
@api.response(200, CertificateAnswerSchema)
@api.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def certificate(serial: str) -> ResponseReturnValue:
    """A certificate's status and public details, by serial number"""
    lookup = state().lookup
    row = lookup.find_typed(serial)
    if row is None:  # malformed or absent: one answer, so nothing can be learned by probing
        return problem_response(NOT_FOUND)
    return certificate_answer(row, lookup.check_record(row), now())


@api.route("/verify", methods=["POST"])
@api.arguments(VerifyRequestSchema)
@api.response(200, TokenAnswerSchema)
def verify(data: dict[str, str]) -> dict[str, Any]:
    """Check a signed credential or a QR code's text, and the certificate's live status"""
    return answer_token(data.get("token") or token_from_qr_text(data["qr_text"]))


@api.route("/health")
@api.response(200, HealthSchema, description="The service answers")
def health() -> dict[str, Any]:
    """Liveness, and warnings for the operators (the calendar's end, read at most every
    VERIFY_KEY_CACHE_SECONDS)"""
    day = today()
    try:
        covers_to = state().calendar.covers_to()
    except SQLAlchemyError:
        log.exception("health: the working-day calendar's end could not be read")
        return {
            "status": "ok",
            "calendar": {"covers_to": None, "days_left": None},
            "warnings": [CALENDAR_UNREADABLE],
        }
    warning = coverage_warning(covers_to, day)
    return {
        "status": "ok",
        "calendar": {
            "covers_to": covers_to,
            "days_left": (covers_to - day).days if covers_to else None,
        },
        "warnings": [warning.as_dict()] if warning else [],
    }


@wellknown.route("/jwks.json")
@wellknown.response(200, description="JSON Web Key Set: every signing key, active and retired")
def jwks_json() -> ResponseReturnValue:
    """The issuer's public keys (JWKS), for offline verification"""
    response = jsonify(state().lookup.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


# Pages -----------------------------------------------------------------------------------
@pages.get("/")
def home() -> ResponseReturnValue:
    return render_page(
        "home.html",
        notices=current_notices(state().engine, today()),
        original_number_page=_original_number_page(),
    )


@pages.route("/search", methods=["GET", "POST"])
def search() -> ResponseReturnValue:
    """The home page's form: a serial (any spacing or case) or a pasted QR text. The form
    posts it, so that whatever people type (an ID-card number, by mistake) stays out of
    URLs and access logs; a link with ``?q=`` still works."""
    typed = request.form.get("q") or request.args.get("q") or ""
    # NFKC turns full-width letters, digits and hyphens (Chinese input methods) into ASCII.
    query = unicodedata.normalize("NFKC", typed).translate(_DASHES).strip()
    if is_valid_serial(query):
        return redirect(url_for("pages.certificate", serial=parse_serial(query)), 303)
    if "." in query:
        return redirect(url_for("pages.landing", token=token_from_qr_text(query)), 303)
    return render_page(
        "home.html",
        400 if query else 200,
        query=typed.strip(),
        error=bool(query),
        notices=current_notices(state().engine, today()),
        original_number_page=_original_number_page(),
    )


def _original_number_page() -> str:
    """The registry's public look-up of an earlier certificate by its original number and
    the holder's full name (it needs the full name, which verify never holds)."""
    return f"{state().settings.registry_public_base_url}/public/original-number"


@pages.get("/c/<serial>", endpoint="certificate")
def certificate_page(serial: str) -> ResponseReturnValue:
    lookup = state().lookup
    row = lookup.find_typed(serial)
    checked_at = now()
    if row is None:
        return render_page(
            "not_found.html",
            404,
            serial=serial,
            status=status_text("not_found"),
            checked_at=iso_utc(checked_at),
        )
    return _certificate_page(certificate_answer(row, lookup.check_record(row), checked_at))


@pages.get("/v/<path:token>")
def landing(token: str) -> ResponseReturnValue:
    """Where a phone camera lands from the QR code."""
    answer = answer_token(token)
    # A QR that says other than the record of its serial is not the certificate's: the
    # record's banner (perhaps "valid") must not stand for it.
    if answer["certificate"] is not None and answer["token_signature"]["valid"]:
        return _certificate_page(answer["certificate"], answer)
    return render_page("token.html", answer=answer, status=status_text(answer["result"]))


def _certificate_page(
    answer: dict[str, Any], for_token: dict[str, Any] | None = None
) -> ResponseReturnValue:
    """Rendered from the projection's status fields alone, so a status added later shows."""
    # The date the decision took effect, as the decision line, the JSON and the register
    # say; when the change was recorded only when there is no decision date.
    since = answer["status_effective_date"] or answer["status_changed_at"]
    if answer["result"] == "key_compromised":
        since = None  # a status change's date would read as the compromise's
    status = status_text(answer["result"], answer["status_reason"], since)
    key_status = answer["signature"]["key_status"]
    return render_page(
        "certificate.html",
        answer=answer,
        token_answer=for_token,
        status=status,
        key_status_zh=KEY_STATUS_ZH.get(key_status, key_status),
    )
