"""Server-rendered pages: a person reads the answer at a glance, with JavaScript off."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, redirect, render_template, request, url_for

from certs.qr import token_from_qr_text
from certs.serials import is_valid_serial, parse_serial
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


def _page(template: str, status: int = 200, **context):
    body = render_template(template, **context)
    return body, status, {**SECURITY_HEADERS, "Cache-Control": "no-store"}


@pages.get("/")
def home():
    return _page("home.html")


@pages.get("/search")
def search():
    """The home page's form: a serial (any spacing or case) or a pasted QR text."""
    query = (request.args.get("q") or "").strip()
    if is_valid_serial(query):
        return redirect(url_for("pages.certificate", serial=parse_serial(query)), 303)
    if "." in query:
        return redirect(url_for("pages.landing", token=token_from_qr_text(query)), 303)
    return _page("home.html", 400 if query else 200, query=query, error=bool(query))


@pages.get("/c/<serial>")
def certificate(serial: str):
    row = lookup().find_typed(serial)
    if row is None:
        return _page("not_found.html", 404, serial=serial)
    answer = certificate_answer(row, lookup().check_record(row), dt.datetime.now(dt.UTC))
    return _page("certificate.html", answer=answer)


@pages.get("/v/<path:token>")
def landing(token: str):
    """Where a phone camera lands from the QR code."""
    answer = answer_token(token)
    if answer["certificate"] is not None:
        return _page("certificate.html", answer=answer["certificate"], token_answer=answer)
    return _page("token.html", answer=answer)


def init_app(app: Flask) -> None:
    from verify.catalogue_views import pages as catalogue_pages  # late: it imports _page from here

    app.register_blueprint(pages)
    app.register_blueprint(catalogue_pages)
