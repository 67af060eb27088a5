"""What a caller may download of a certificate, decided in one place, and the downloads.

Two kinds of caller fetch a certificate's files: its issuer (the bureau, or the committee
that issued it, through the API) and its holder (signed in). ``DOWNLOADS`` says, for each
caller and each status, which files they get; every download path asks ``check_download``
and nothing else. Today every caller gets every file in every status, as the registry has
always answered: a revoked certificate's PDF still reads as revoked when checked on verify.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import Response
from sqlalchemy.orm import Session

from certs import qr
from certs.errors import ForbiddenError
from certs.pdf.render import PDF_MEDIA_TYPE
from certs.serials import format_serial
from registry.certificates.models import Certificate
from registry.certificates.pdf import render_certificate_pdf

Caller = Literal["issuer", "holder"]
Kind = Literal["pdf", "credential", "qr"]
STATUSES = ("valid", "suspended", "revoked")
KINDS: frozenset[Kind] = frozenset(("pdf", "credential", "qr"))

# (caller, status) -> the files that caller may download of a certificate in that status.
DOWNLOADS: dict[tuple[Caller, str], frozenset[Kind]] = {
    (caller, status): KINDS for caller in ("issuer", "holder") for status in STATUSES
}


def check_download(certificate: Certificate, caller: Caller, kind: Kind) -> None:
    """Refuse, in both languages, a download ``DOWNLOADS`` does not allow."""
    if kind not in DOWNLOADS.get((caller, certificate.status), frozenset()):
        raise ForbiddenError(
            f"This file is not available for a certificate that is {certificate.status}.",
            f"证书当前状态为 {certificate.status}，不提供此文件下载。",
        )


def credential_download(certificate: Certificate, caller: Caller) -> Response:
    check_download(certificate, caller, "credential")
    return Response(certificate.credential, mimetype="application/vc+jwt")


def qr_download(
    certificate: Certificate, caller: Caller, image: Literal["png", "svg"], verify_base_url: str
) -> Response:
    check_download(certificate, caller, "qr")
    text = qr.qr_text(verify_base_url, certificate.qr_token)
    body, mimetype = (
        (qr.render_png(text), "image/png")
        if image == "png"
        else (qr.render_svg(text), "image/svg+xml")
    )
    return Response(body, mimetype=mimetype, headers={"Cache-Control": "private, max-age=86400"})


def pdf_download(
    session: Session, pdf_state: object, certificate: Certificate, caller: Caller, now: dt.datetime
) -> Response:
    """The signed e-certificate PDF as an attachment (``pdf_state``: the app state or the
    PDF parts, see ``registry.keys.pdf_setup.pdf_parts``)."""
    check_download(certificate, caller, "pdf")
    filename = f"title-certificate-{format_serial(certificate.serial)}.pdf"
    return Response(
        render_certificate_pdf(session, pdf_state, certificate, now),
        mimetype=PDF_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
