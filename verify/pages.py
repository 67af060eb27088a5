"""Server-rendered pages: a person reads the answer at a glance, with JavaScript off."""

from __future__ import annotations

import datetime as dt
import unicodedata

from flask import Blueprint, Flask, redirect, render_template, request, url_for

from certs.dates import iso_utc
from certs.qr import token_from_qr_text
from certs.serials import is_valid_serial, parse_serial
from certs.status_text import status_text
from verify.answers import certificate_answer
from verify.api import answer_token, lookup

pages = Blueprint("pages", __name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


KEY_STATUS_ZH = {"active": "使用中", "retired": "已停用", "compromised": "已泄露"}
# Dashes a phone keyboard or a Chinese input method may type instead of "-".
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\u30fc", "-"))


def _page(template: str, http_status: int = 200, **context):
    body = render_template(template, **context)
    return body, http_status, {**SECURITY_HEADERS, "Cache-Control": "no-store"}


@pages.get("/")
def home():
    return _page("home.html")


@pages.get("/search")
def search():
    """The home page's form: a serial (any spacing or case) or a pasted QR text."""
    typed = request.args.get("q") or ""
    # NFKC turns full-width letters, digits and hyphens (Chinese input methods) into ASCII.
    query = unicodedata.normalize("NFKC", typed).translate(_DASHES).strip()
    if is_valid_serial(query):
        return redirect(url_for("pages.certificate", serial=parse_serial(query)), 303)
    if "." in query:
        return redirect(url_for("pages.landing", token=token_from_qr_text(query)), 303)
    return _page("home.html", 400 if query else 200, query=typed.strip(), error=bool(query))


@pages.get("/c/<serial>")
def certificate(serial: str):
    row = lookup().find_typed(serial)
    now = dt.datetime.now(dt.UTC)
    if row is None:
        return _page(
            "not_found.html",
            404,
            serial=serial,
            status=status_text("not_found"),
            checked_at=iso_utc(now),
        )
    return _certificate_page(certificate_answer(row, lookup().check_record(row), now))


def _certificate_page(answer: dict, token_answer: dict | None = None):
    """Rendered from the projection's status fields alone, so a status added later shows."""
    # The date the decision took effect, as the decision line, the JSON and the register
    # say; when the change was recorded only when there is no decision date.
    since = answer["status_effective_date"] or answer["status_changed_at"]
    if answer["result"] == "key_compromised":
        since = None  # a status change's date would read as the compromise's
    status = status_text(answer["result"], answer["status_reason"], since)
    key_status = answer["signature"]["key_status"]
    return _page(
        "certificate.html",
        answer=answer,
        token_answer=token_answer,
        status=status,
        key_status_zh=KEY_STATUS_ZH.get(key_status, key_status),
    )


@pages.get("/v/<path:token>")
def landing(token: str):
    """Where a phone camera lands from the QR code."""
    answer = answer_token(token)
    if answer["certificate"] is not None:
        return _certificate_page(answer["certificate"], answer)
    return _page("token.html", answer=answer, status=status_text(answer["result"]))


def init_app(app: Flask) -> None:
    from verify.catalogue_views import pages as catalogue_pages  # late: it imports _page from here

    app.register_blueprint(pages)
    app.register_blueprint(catalogue_pages)
