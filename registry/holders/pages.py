"""The share page: what an employer opens from a holder's share link.

Served by the registry, not verify, because every opening is written down (verify may
only read) and because it shows the unmasked name, which the public projection never holds."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from certs.evaluation import method_names
from certs.levels import EVALUATION_TRACKS, ROUTES
from certs.serials import format_serial
from certs.status_text import status_text
from registry import web
from registry.certificates.services import title_of
from registry.committees.specialties import issued_specialty
from registry.holders.share_links import open_share_link
from registry.projection.certificates import public_status

share_page = Blueprint("share_page", __name__, template_folder="templates")


HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # The token is in the URL: it must not leak to the next site or into a search engine.
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
}


@share_page.get("/s/<token>")
def share(token: str):
    session = web.session()
    now = web.now()
    link = open_share_link(session, token[:100], request.headers.get("User-Agent"), now)
    if link is None:
        return render_template("share_gone.html"), 404, HEADERS
    session.commit()
    certificate = link.certificate
    reason, since, decision_number = public_status(session, certificate.serial)
    status = status_text(certificate.status, reason, since)
    title_zh, title_en = title_of(certificate)
    base = web.state().settings.verify_public_base_url
    context = {
        "link": link,
        "certificate": certificate,
        "specialty": issued_specialty(session, certificate),
        "serial_display": format_serial(certificate.serial),
        "status": status,
        # a revoked or suspended certificate's decision, shown above its facts
        "status_decision_number": decision_number if certificate.status != "valid" else None,
        "title_zh": title_zh,
        "title_en": title_en,
        "track": EVALUATION_TRACKS.get(certificate.evaluation_track, ("", "")),
        "method": method_names(certificate.evaluation_method),
        "route": ROUTES.get(certificate.route),
        "verify_page": f"{base}/c/{certificate.serial}",
        "checked_at": now.strftime("%Y-%m-%d %H:%M UTC"),
    }
    return render_template("share.html", **context), 200, HEADERS
