"""The e-certificate as a signed PDF, for the bureau and the issuing committee."""

from __future__ import annotations

from flask import Response, g
from flask_smorest import Blueprint

from certs.pdf.render import PDF_MEDIA_TYPE
from certs.serials import format_serial
from registry import web
from registry.api import problems, requires
from registry.services.certificates import get_certificate
from registry.services.pdf import render_certificate_pdf

blp = Blueprint(
    "certificate_pdf",
    __name__,
    url_prefix="/api/v1/certificates",
    description="E-certificates (电子职称证书): one A4 page, PAdES-signed by the bureau",
)
BLUEPRINTS = (blp,)


def pdf_response(pdf: bytes, serial: str) -> Response:
    """A PDF download; the holder download answers the same way."""
    filename = f"title-certificate-{format_serial(serial)}.pdf"
    return Response(
        pdf,
        mimetype=PDF_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@blp.route("/<serial>/pdf")
@requires(blp, "bureau", "committee")
@blp.response(
    200,
    content_type=PDF_MEDIA_TYPE,
    description="The e-certificate, one A4 page, signed (PAdES) with the bureau's certificate",
)
@problems(blp, 400, 404, 503)
def certificate_pdf(serial):
    """The signed e-certificate PDF (bureau, or the committee that issued it)"""
    session = web.session()
    certificate = get_certificate(session, g.client, serial)
    return pdf_response(
        render_certificate_pdf(session, web.state(), certificate, web.now()), certificate.serial
    )
