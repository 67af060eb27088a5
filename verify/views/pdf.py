"""Checking an uploaded e-certificate PDF, as JSON and as a page: is its signature intact,
is it the bureau's, which certificate is it, and what is that certificate's status now.
Also the bureau's PDF-signing certificates, to trust in a PDF reader."""

from __future__ import annotations

from flask import Blueprint as PageBlueprint
from flask import Response, request
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from certs.dates import iso_utc
from certs.errors import CertsError, FieldError, TooLargeError
from certs.pdf.check import PdfSignatureCheck, PdfUploadError, check_pdf
from verify.answers import certificate_answer, pdf_answer
from verify.schemas import PdfAnswerSchema
from verify.web import now, render_page, state
from webbase.problems import PROBLEM_JSON, Problem, problem_response
from webbase.schemas import ProblemSchema

PDF_MAX_BYTES = 2 * 1024 * 1024
MULTIPART_ALLOWANCE = 64 * 1024  # the form's boundaries and headers around the file
FIELD = "pdf"


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

api = Blueprint(
    "pdf_check",
    __name__,
    description="Check an e-certificate PDF (public, no account)",
)
pages = PageBlueprint("pdf_pages", __name__)


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
    certificates = state().pdf_certificates.current()
    checked_at = now()
    check: PdfSignatureCheck = check_pdf(data, [c for c, _ in certificates.values()], checked_at)
    signer_status = certificates.get(check.signer_fingerprint or "", (None, None))[1]
    row = record = None
    if check.trustworthy and check.serial:
        lookup = state().lookup
        row = lookup.find_typed(check.serial)
        record = lookup.check_record(row) if row is not None else None
    found = certificate_answer(row, record, checked_at) if row is not None and record else None
    return pdf_answer(check, signer_status, found, iso_utc(checked_at))


@api.before_request
@pages.before_request
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
def check_pdf_upload() -> ResponseReturnValue:
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
def pdf_signing_certificates() -> ResponseReturnValue:
    """The bureau's PDF-signing certificates, to trust in a PDF reader"""
    return Response(
        state().pdf_certificates.pem_bundle(),
        mimetype="application/x-pem-file",
        headers={"Cache-Control": "public, max-age=300"},
    )


@pages.post("/pdf")
def pdf_page() -> ResponseReturnValue:
    """The home page's upload form."""
    try:
        answer = check_upload(read_upload())
    except CertsError as error:
        problem = Problem.from_error(error)
        return render_page("pdf_result.html", problem.status, problem=problem)
    return render_page("pdf_result.html", answer=answer)
