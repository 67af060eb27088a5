"""Checking an uploaded e-certificate PDF: is its signature intact, is it the bureau's,
which certificate is it, and what is that certificate's status now.

The published PDF-signing certificates come from the public projection
(``public_pdf_certificates``), reloaded at most every ``key_cache_seconds``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask import Blueprint as PageBlueprint
from flask import Flask, Response, current_app, request
from flask_smorest import Blueprint
from sqlalchemy import Column, DateTime, String, Table, Text, select
from werkzeug.exceptions import RequestEntityTooLarge

from certs.dates import iso_utc
from certs.errors import CertsError, FieldError, TooLargeError
from certs.pdf.check import PdfSignatureCheck, PdfUploadError, check_pdf
from verify.answers import certificate_answer
from verify.api import PROBLEM_JSON, lookup, problem_response
from verify.lookup import metadata
from verify.pages import _page
from verify.pdf_answers import PdfAnswerSchema, pdf_answer
from webbase.problems import Problem
from webbase.schemas import ProblemSchema

PDF_MAX_BYTES = 2 * 1024 * 1024
MULTIPART_ALLOWANCE = 64 * 1024  # the form's boundaries and headers around the file
FIELD = "pdf"

public_pdf_certificates = Table(
    "public_pdf_certificates",
    metadata,
    Column("fingerprint", String, primary_key=True),
    Column("certificate", Text),
    Column("subject", String),
    Column("status", String),
    Column("not_before", DateTime(timezone=True)),
    Column("not_after", DateTime(timezone=True)),
    Column("retired_at", DateTime(timezone=True)),
)
ALL_PDF_CERTIFICATES = select(public_pdf_certificates)


class PdfTooLargeError(TooLargeError):
    slug = "pdf-too-large"
    title = "The PDF is too large"
    title_zh = "PDF 文件过大"


TOO_LARGE = PdfTooLargeError(
    f"An e-certificate PDF is well under {PDF_MAX_BYTES // (1024 * 1024)} MiB; "
    "this file is larger, so it is not one.",
    f"电子证书 PDF 远小于 {PDF_MAX_BYTES // (1024 * 1024)} MiB；该文件超过此大小，不是电子证书。",
)
MISSING = PdfUploadError(
    errors=[
        FieldError(
            FIELD,
            "required",
            "Choose the PDF file to upload (form field 'pdf').",
            "请选择要上传的 PDF 文件（表单字段 pdf）。",
        )
    ]
)


class PublishedPdfCertificates:
    """The bureau's published PDF-signing certificates, by SHA-256 fingerprint."""

    def __init__(self):
        self._rows: dict[str, tuple[x509.Certificate, str]] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def current(self) -> dict[str, tuple[x509.Certificate, str]]:
        if time.monotonic() - self._loaded_at > lookup().settings.key_cache_seconds:
            with lookup().engine.connect() as connection:
                rows = connection.execute(ALL_PDF_CERTIFICATES).all()
            loaded = {
                r.fingerprint: (x509.load_pem_x509_certificate(r.certificate.encode()), r.status)
                for r in rows
            }
            with self._lock:
                self._rows, self._loaded_at = loaded, time.monotonic()
        return self._rows

    def pem_bundle(self) -> str:
        return "".join(
            self._pem(fingerprint, status)
            for fingerprint, (_, status) in sorted(self.current().items())
        )

    def _pem(self, fingerprint: str, status: str) -> str:
        certificate = self._rows[fingerprint][0]
        header = f"# SHA-256 {fingerprint} ({status})\n"
        return header + certificate.public_bytes(Encoding.PEM).decode("ascii")


def published() -> PublishedPdfCertificates:
    return current_app.extensions["verify_pdf"]


def read_upload() -> bytes:
    """The uploaded file's bytes, refused when absent or larger than the limit."""
    try:
        upload = request.files.get(FIELD)
    except RequestEntityTooLarge:
        raise TOO_LARGE from None
    if upload is None:
        raise MISSING
    data = upload.stream.read(PDF_MAX_BYTES + 1)
    if len(data) > PDF_MAX_BYTES:
        raise TOO_LARGE
    return data


def check_upload(data: bytes) -> dict:
    certificates = published().current()
    check: PdfSignatureCheck = check_pdf(data, [c for c, _ in certificates.values()])
    signer_status = certificates.get(check.signer_fingerprint or "", (None, None))[1]
    row = record = None
    if check.trustworthy and check.serial:
        row = lookup().find_typed(check.serial)
        record = lookup().check_record(row) if row is not None else None
    now = dt.datetime.now(dt.UTC)
    found = certificate_answer(row, record, now) if row is not None and record else None
    return pdf_answer(check, signer_status, found, iso_utc(now))


api = Blueprint(
    "pdf_check",
    __name__,
    description="Check an e-certificate PDF (public, no account)",
)


@api.before_request
def _allow_a_pdf() -> None:
    # The app stops other bodies at 64 KiB; a PDF upload may be larger.
    request.max_content_length = PDF_MAX_BYTES + MULTIPART_ALLOWANCE


@api.route("/api/v1/pdf", methods=["POST"])
@api.doc(
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {FIELD: {"type": "string", "format": "binary"}},
                    "required": [FIELD],
                }
            }
        },
    }
)
@api.response(200, PdfAnswerSchema)
@api.alt_response(413, schema=ProblemSchema, content_type=PROBLEM_JSON)
@api.alt_response(422, schema=ProblemSchema, content_type=PROBLEM_JSON)
def check_pdf_upload():
    """Upload an e-certificate PDF: its signature, its signer, which certificate, status now"""
    try:
        return check_upload(read_upload())
    except CertsError as error:
        return problem_response(Problem.from_error(error))


@api.route("/.well-known/pdf-signing.pem")
@api.response(
    200,
    content_type="application/x-pem-file",
    description="The bureau's PDF-signing certificates, active and retired (PEM)",
)
def pdf_signing_certificates():
    """The bureau's PDF-signing certificates, to trust in a PDF reader"""
    return Response(
        published().pem_bundle(),
        mimetype="application/x-pem-file",
        headers={"Cache-Control": "public, max-age=300"},
    )


pages = PageBlueprint("pdf_pages", __name__)
pages.before_request(_allow_a_pdf)


@pages.post("/pdf")
def pdf_page():
    """The home page's upload form."""
    try:
        answer = check_upload(read_upload())
    except CertsError as error:
        problem = Problem.from_error(error)
        return _page("pdf_result.html", problem.status, problem=problem)
    return _page("pdf_result.html", answer=answer)


def init_app(app: Flask, smorest_api) -> None:
    app.extensions["verify_pdf"] = PublishedPdfCertificates()
    smorest_api.register_blueprint(api)
    app.register_blueprint(pages)
