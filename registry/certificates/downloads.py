"""What a caller may download of a certificate, decided in one place, and the downloads.

Three kinds of caller fetch a certificate's files: the bureau and the committee that issued
it (through the API), and its holder (signed in). ``DOWNLOADS`` says, for each caller and
each status, which files they get; every download path asks ``check_download`` and nothing
else. The status governs, because a file handed out must not read as valid when the
certificate is not (网上查询验证, 三(四)2: verify is where a status is read):

============  =========================  =========================  =========================
caller        valid                      suspended                  revoked
============  =========================  =========================  =========================
bureau        PDF, credential, QR        the stamped PDF only       the stamped PDF only
committee     PDF, credential, QR        nothing                    nothing
holder        PDF, credential, QR        nothing                    nothing
============  =========================  =========================  =========================

The PDF of a certificate that is not valid is always the copy stamped across the page with
its status, the decision's date and number, and "not valid as a certificate" in both
languages (``registry.certificates.pdf``): the plain signed PDF exists only for a valid
certificate, whatever this table says. The stamped copy is signed by the bureau like any
other, so it is a true record, and verify's PDF check reports the status now. A refusal is
a 403 naming the status, since when and by which decision, and where verify shows it.

A share page (``registry.holders.pages``) offers no file in any status, and shows a revoked
or suspended certificate's decision above its facts.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import Response
from sqlalchemy.orm import Session

from certs import qr
from certs.errors import FieldError, ForbiddenError
from certs.pdf.render import PDF_MEDIA_TYPE
from certs.serials import format_serial
from registry.certificates.models import Certificate
from registry.certificates.pdf import render_certificate_pdf, status_stamp
from registry.clients.models import ApiClient
from registry.keys.pdf_setup import pdf_parts

Caller = Literal["bureau", "committee", "holder"]
Kind = Literal["pdf", "credential", "qr"]
KINDS: frozenset[Kind] = frozenset(("pdf", "credential", "qr"))
NOTHING: frozenset[Kind] = frozenset()
STAMPED_PDF: frozenset[Kind] = frozenset(("pdf",))  # for a certificate that is not valid

# (caller, status) -> the files that caller may download of a certificate in that status.
# A status missing here (one added later) gives nobody anything.
DOWNLOADS: dict[tuple[Caller, str], frozenset[Kind]] = {
    ("bureau", "valid"): KINDS,
    ("bureau", "suspended"): STAMPED_PDF,
    ("bureau", "revoked"): STAMPED_PDF,
    ("committee", "valid"): KINDS,
    ("committee", "suspended"): NOTHING,
    ("committee", "revoked"): NOTHING,
    ("holder", "valid"): KINDS,
    ("holder", "suspended"): NOTHING,
    ("holder", "revoked"): NOTHING,
}

FILE_WORDS: dict[Kind, tuple[str, str]] = {
    "pdf": ("PDF", "电子证书 PDF"),
    "credential": ("signed credential", "电子凭证"),
    "qr": ("QR code", "二维码"),
}
STATUS_WORDS = {"revoked": ("revoked", "撤销"), "suspended": ("suspended", "暂停")}


class CertificateNotValidError(ForbiddenError):
    slug = "certificate-not-valid"
    title = "The certificate is not valid: this file is not issued"
    title_zh = "证书不在有效状态，不提供此文件"


def caller_of(client: ApiClient) -> Caller:
    """The bureau, or the committee (a committee's token reaches only its own certificates)."""
    return "bureau" if client.role == "bureau" else "committee"


def check_download(
    session: Session, certificate: Certificate, caller: Caller, kind: Kind, verify_base_url: str
) -> None:
    """Refuse, in both languages, a download ``DOWNLOADS`` does not allow."""
    allowed = DOWNLOADS.get((caller, certificate.status), NOTHING)
    if kind not in allowed:
        raise _refusal(session, certificate, kind, "pdf" in allowed, verify_base_url)


def _refusal(
    session: Session, certificate: Certificate, kind: Kind, pdf_allowed: bool, base_url: str
) -> CertificateNotValidError:
    status = certificate.status
    stamp = status_stamp(session, certificate) if status in STATUS_WORDS else None
    en, zh = STATUS_WORDS.get(status, (status, status))
    file_en, file_zh = FILE_WORDS[kind]
    if stamp is None:
        said_en = f"This certificate is {en}"
        said_zh = f"此证书当前状态为 {zh}"
    else:
        number = stamp.decision_number
        said_en = f"This certificate was {en} on {stamp.since.isoformat()}" + (
            f" (decision {number})" if number else ""
        )
        said_zh = f"此证书已于 {stamp.since.isoformat()} 被{zh}" + (
            f"（决定文号 {number}）" if number else ""
        )
    page = f"{base_url}/c/{certificate.serial}"
    message = (
        f"{said_en}: its {file_en} is not issued while it is not valid, so that no copy reads "
        f"as valid. Its status is shown at {page} (online verification, 三(四)2)."
    )
    message_zh = (
        f"{said_zh}，证书不在有效状态期间不提供其{file_zh}，以免任何副本被当作有效证书使用。"
        f"证书当前状态请在 {page} 查询（网上查询验证，三(四)2）。"
    )
    if pdf_allowed:
        message += " Its PDF can be downloaded as a copy stamped with this status."
        message_zh += "可下载加盖此状态印记的 PDF 存档副本。"
    error = FieldError("status", f"certificate_{status}", message, message_zh)
    return CertificateNotValidError(message, message_zh, errors=[error])


def credential_download(
    session: Session, certificate: Certificate, caller: Caller, verify_base_url: str
) -> Response:
    check_download(session, certificate, caller, "credential", verify_base_url)
    return Response(
        certificate.credential,
        mimetype="application/vc+jwt",
        headers={"Cache-Control": "private, no-store"},
    )


def qr_download(
    session: Session,
    certificate: Certificate,
    caller: Caller,
    image: Literal["png", "svg"],
    verify_base_url: str,
) -> Response:
    check_download(session, certificate, caller, "qr", verify_base_url)
    text = qr.qr_text(verify_base_url, certificate.qr_token)
    body, mimetype = (
        (qr.render_png(text), "image/png")
        if image == "png"
        else (qr.render_svg(text), "image/svg+xml")
    )
    # Asked again each time (the image itself is kept in memory, certs.qr): a browser must not
    # show a kept copy after the certificate is revoked.
    return Response(body, mimetype=mimetype, headers={"Cache-Control": "private, no-cache"})


def pdf_download(
    session: Session, pdf_state: object, certificate: Certificate, caller: Caller, now: dt.datetime
) -> Response:
    """The signed e-certificate PDF as an attachment, stamped with the status unless the
    certificate is valid (``pdf_state``: the app state or the PDF parts, see
    ``registry.keys.pdf_setup.pdf_parts``)."""
    parts = pdf_parts(pdf_state)
    check_download(session, certificate, caller, "pdf", parts.issuance.verify_base_url)
    stamped = "" if certificate.status == "valid" else f"-{certificate.status}-copy"
    filename = f"title-certificate-{format_serial(certificate.serial)}{stamped}.pdf"
    return Response(
        render_certificate_pdf(session, parts, certificate, now),
        mimetype=PDF_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
