"""Certificates: issue one, read it back, its credential, its QR and its signed PDF."""

from __future__ import annotations

from flask import g, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from certs import qr
from certs.pdf.render import PDF_MEDIA_TYPE
from certs.serials import format_serial
from registry import web
from registry.certificates.downloads import (
    caller_of,
    credential_download,
    pdf_download,
    qr_download,
)
from registry.certificates.models import Certificate
from registry.certificates.reissue import reissue_certificate
from registry.certificates.schemas import CertificateReissueSchema, CertificateSchema
from registry.certificates.services import (
    get_certificate,
    ground_of,
    school_class_of,
    title_of,
)
from registry.committees.specialties import issued_specialty
from registry.revocation.views import status_policy
from registry.web.auth import requires
from webbase.api import problems

certificates = Blueprint(
    "certificates",
    __name__,
    url_prefix="/api/v1/certificates",
    description="Title certificates (职称证书)",
)


def _dump(certificate: Certificate) -> dict:
    title_zh, title_en = title_of(certificate)
    base = web.state().settings.verify_public_base_url
    serial = certificate.serial
    return {
        "serial": serial,
        "serial_display": format_serial(serial),
        "holder_name": certificate.holder_name,
        "holder_id_number_masked": certificate.holder.id_number_masked,
        "level": certificate.level,
        "title_zh": title_zh,
        "title_en": title_en,
        "specialty": issued_specialty(web.session(), certificate),
        "committee": certificate.committee,
        "decision_number": certificate.decision_number,
        "decision_date": certificate.decision_date,
        "evaluation_track": certificate.evaluation_track,
        "evaluation_method": certificate.evaluation_method,
        "route": certificate.route,
        "route_ground": ground_of(certificate.route_ground),
        "route_basis": certificate.route_basis,
        "technical_school_class": school_class_of(certificate.technical_school_class),
        "status": certificate.status,
        "issued_at": certificate.issued_at,
        "kid": certificate.kid,
        "replaces": certificate.replaces.serial if certificate.replaces else None,
        "qr_text": qr.qr_text(base, certificate.qr_token),
        "links": {
            "credential": url_for("certificates.credential", serial=serial, _external=True),
            "qr_png": url_for("certificates.qr_png", serial=serial, _external=True),
            "qr_svg": url_for("certificates.qr_svg", serial=serial, _external=True),
            "pdf": url_for("certificate_pdf.certificate_pdf", serial=serial, _external=True),
            "verify_page": f"{base}/c/{serial}",
        },
    }


@certificates.route("")
class Certificates(MethodView):
    @requires(certificates, "bureau")
    @certificates.arguments(CertificateReissueSchema)
    @certificates.response(201, CertificateSchema)
    @problems(certificates, 404, 409)
    def post(self, data):
        """Correct a certificate issued in error: the corrected one issued and the replaced
        one revoked (issued_in_error) in one transaction (bureau).

        Titles from evaluation come only from results batches after their public notice
        (三(四)4 公示制度); recognition (认定) has its own path. This is the bureau's
        correction of its own error, resting on the replaced certificate's decision."""
        session = web.session()
        certificate = reissue_certificate(
            session, g.client, data, status_policy(session), web.state().protector, web.now()
        )
        session.commit()
        return {**_dump(certificate), "access_code": certificate.access_code}


@certificates.route("/<serial:serial>")
class CertificateResource(MethodView):
    @requires(certificates, "bureau", "committee")
    @certificates.response(200, CertificateSchema)
    @problems(certificates, 400, 404)
    def get(self, serial):
        """The full record (bureau, or the committee that issued it)"""
        return _dump(get_certificate(web.session(), g.client, serial))


def _certificate(serial: str) -> Certificate:
    return get_certificate(web.session(), g.client, serial)


def _verify_base_url() -> str:
    return web.state().settings.verify_public_base_url


@certificates.route("/<serial:serial>/credential")
@requires(certificates, "bureau", "committee")
@certificates.response(
    200,
    content_type="application/vc+jwt",
    description="The signed credential, a compact JWS (VC-JOSE)",
)
@problems(certificates, 400, 404)
def credential(serial):
    """The signed credential, vc+jwt (bureau or issuing committee; only while valid)"""
    return credential_download(
        web.session(), _certificate(serial), caller_of(g.client), _verify_base_url()
    )


@certificates.route("/<serial:serial>/qr.png")
@requires(certificates, "bureau", "committee")
@certificates.response(200, content_type="image/png", description="The QR code as PNG")
@problems(certificates, 400, 404)
def qr_png(serial):
    """The certificate's QR code, PNG (bureau or issuing committee; only while valid)"""
    return qr_download(
        web.session(), _certificate(serial), caller_of(g.client), "png", _verify_base_url()
    )


@certificates.route("/<serial:serial>/qr.svg")
@requires(certificates, "bureau", "committee")
@certificates.response(200, content_type="image/svg+xml", description="The QR code as SVG")
@problems(certificates, 400, 404)
def qr_svg(serial):
    """The certificate's QR code, SVG (bureau or issuing committee; only while valid)"""
    return qr_download(
        web.session(), _certificate(serial), caller_of(g.client), "svg", _verify_base_url()
    )


pdf = Blueprint(
    "certificate_pdf",
    __name__,
    url_prefix="/api/v1/certificates",
    description="E-certificates (电子职称证书): one A4 page, PAdES-signed by the bureau",
)


@pdf.route("/<serial:serial>/pdf")
@requires(pdf, "bureau", "committee")
@pdf.response(
    200,
    content_type=PDF_MEDIA_TYPE,
    description="The e-certificate, one A4 page, signed (PAdES) with the bureau's certificate; "
    "a revoked or suspended certificate's is a copy stamped with its status",
)
@problems(pdf, 400, 404, 503)
def certificate_pdf(serial):
    """The signed e-certificate PDF (revoked or suspended: a stamped copy, bureau only)"""
    session = web.session()
    certificate = get_certificate(session, g.client, serial)
    return pdf_download(session, web.state(), certificate, caller_of(g.client), web.now())
