"""Holder access (public, limited) and the bureau's access-code reset.

Holders have no API client: they sign in with serial + ID-card number + access code and
get a 30-minute bearer token for the /api/v1/holder endpoints."""

from __future__ import annotations

from flask import g, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from certs.serials import format_serial
from registry import web
from registry.certificates.downloads import credential_download, pdf_download, qr_download
from registry.certificates.services import get_certificate, title_of
from registry.committees.specialties import issued_specialty
from registry.holders import share_links
from registry.holders.access import (
    HolderSignInError,
    SignInLimits,
    TooManySignInAttemptsError,
    client_hash,
    failure_record,
    holder_certificate,
    reset_access_code,
    sign_in,
)
from registry.holders.schemas import (
    AccessCodeSchema,
    HolderCertificateSchema,
    HolderSessionSchema,
    ShareLinkCreateSchema,
    ShareLinkSchema,
    SignInFailuresSchema,
    SignInSchema,
)
from registry.web.auth import requires
from registry.web.errors import handle_domain_error
from webbase.api import problems

holder = Blueprint(
    "holder", __name__, url_prefix="/api/v1/holder", description="Holders (持证人): own certificate"
)


access_codes = Blueprint(
    "access_codes",
    __name__,
    url_prefix="/api/v1/certificates",
    description="Holder access codes (查询码)",
)


HOLDER_BEARER: list[dict[str, list[str]]] = [{"holderBearer": []}]


def client_address() -> str:
    """The client's address. nginx on the same host passes it as X-Real-IP; from anyone
    else that header is ignored, so it cannot be forged to dodge the limits."""
    remote = request.remote_addr or ""
    forwarded = request.headers.get("X-Real-IP", "").strip()
    if forwarded and remote in ("127.0.0.1", "::1"):
        return forwarded[:64]
    return remote


@holder.app_errorhandler(TooManySignInAttemptsError)
def _too_many(error):
    response = handle_domain_error(error)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


def holder_only(view):
    return problems(holder, 401)(holder.doc(security=HOLDER_BEARER)(view))


def _verify_base_url() -> str:
    return web.state().settings.verify_public_base_url


def _certificate():
    return holder_certificate(web.session(), request.headers.get("Authorization"), web.now())


@holder.route("/session")
class SignIn(MethodView):
    @holder.arguments(SignInSchema)
    @holder.response(201, HolderSessionSchema)
    @problems(holder, 401, 429)
    def post(self, data):
        """Sign in with serial, ID-card number and access code (public; a client backs off
        after 5 failures on a certificate and stops after 10 in 15 minutes; a certificate
        tried from many clients slows them by seconds, never locks its holder out)"""
        session, state = web.session(), web.state()
        try:
            token, grant, failures = sign_in(
                session,
                data,
                client_address(),
                state.protector,
                web.now(),
                SignInLimits.of(state.settings),
            )
        except (HolderSignInError, TooManySignInAttemptsError):
            session.commit()  # the failure or refusal must count although the request fails
            raise
        session.commit()
        return {
            "token": token,
            "expires_at": grant.expires_at,
            "serial": data["serial"],
            "failed_attempts": failures,
        }


@holder.route("/certificate")
@holder_only
@holder.response(200, HolderCertificateSchema)
def certificate():
    """The holder's own certificate, name unmasked (holder token)"""
    found = _certificate()
    title_zh, title_en = title_of(found)
    base = web.state().settings.verify_public_base_url
    return {
        "serial": found.serial,
        "serial_display": format_serial(found.serial),
        "holder_name": found.holder_name,
        "holder_id_number_masked": found.holder.id_number_masked,
        "level": found.level,
        "title_zh": title_zh,
        "title_en": title_en,
        "specialty": issued_specialty(web.session(), found),
        "committee": found.committee,
        "decision_number": found.decision_number,
        "decision_date": found.decision_date,
        "evaluation_track": found.evaluation_track,
        "evaluation_method": found.evaluation_method,
        "status": found.status,
        "issued_at": found.issued_at,
        "verify_page": f"{base}/c/{found.serial}",
    }


@holder.route("/certificate/pdf")
@holder_only
@holder.response(
    200, content_type="application/pdf", description="The signed e-certificate, one A4 page"
)
@problems(holder, 403, 503)
def certificate_pdf():
    """Download the signed e-certificate PDF (holder token; none while revoked or suspended)"""
    return pdf_download(web.session(), web.state(), _certificate(), "holder", web.now())


@holder.route("/certificate/credential")
@holder_only
@holder.response(200, content_type="application/vc+jwt", description="The signed credential")
@problems(holder, 403)
def certificate_credential():
    """Download the signed credential, vc+jwt (holder token; none while revoked or suspended)"""
    return credential_download(web.session(), _certificate(), "holder", _verify_base_url())


@holder.route("/certificate/qr.png")
@holder_only
@holder.response(200, content_type="image/png", description="The QR code as PNG")
@problems(holder, 403)
def certificate_qr_png():
    """Download the QR code, PNG (holder token; none while revoked or suspended)"""
    return qr_download(web.session(), _certificate(), "holder", "png", _verify_base_url())


@holder.route("/certificate/qr.svg")
@holder_only
@holder.response(200, content_type="image/svg+xml", description="The QR code as SVG")
@problems(holder, 403)
def certificate_qr_svg():
    """Download the QR code, SVG (holder token; none while revoked or suspended)"""
    return qr_download(web.session(), _certificate(), "holder", "svg", _verify_base_url())


@holder.route("/sign-in-failures")
@holder_only
@holder.response(200, SignInFailuresSchema)
def sign_in_failures():
    """Failed sign-ins on the holder's certificate in the last 30 days, newest first, and the
    tries the limits turned away (holder token)"""
    found = _certificate()
    mine = client_hash(web.state().protector, client_address())
    return failure_record(web.session(), found.serial, mine, web.now())


def _dump_link(link, token: str | None = None) -> dict:
    answer = {
        "id": link.id,
        "label": link.label,
        "state": share_links.link_state(link, web.now()),
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "revoked_at": link.revoked_at,
        "views": link.views,
    }
    if token is not None:
        answer["url"] = url_for("share_page.share", token=token, _external=True)
    return answer


@holder.route("/shares")
class Shares(MethodView):
    @holder_only
    @holder.response(200, ShareLinkSchema(many=True))
    def get(self):
        """The holder's share links, newest first, each with who opened it and when"""
        return [
            _dump_link(link) for link in share_links.list_share_links(web.session(), _certificate())
        ]

    @holder_only
    @holder.arguments(ShareLinkCreateSchema)
    @holder.response(201, ShareLinkSchema)
    def post(self, data):
        """Create a share link for an employer (its URL is shown only here, once)"""
        session = web.session()
        link, token = share_links.create_share_link(
            session, _certificate(), data, web.state().settings.share_link_max_days, web.now()
        )
        session.commit()
        return _dump_link(link, token)


@holder.route("/shares/<int:link_id>")
@holder_only
@holder.response(200, ShareLinkSchema)
@problems(holder, 404)
def share(link_id: int):
    """One share link with its openings"""
    return _dump_link(share_links.get_share_link(web.session(), _certificate(), link_id))


@holder.route("/shares/<int:link_id>/revoke", methods=["POST"])
@holder_only
@holder.response(200, ShareLinkSchema)
@problems(holder, 404)
def revoke(link_id: int):
    """Revoke a share link now; it stops working at once"""
    session = web.session()
    link = share_links.revoke_share_link(session, _certificate(), link_id, web.now())
    session.commit()
    return _dump_link(link)


@access_codes.route("/<serial:serial>/access-code", methods=["POST"])
@requires(access_codes, "bureau")
@access_codes.response(201, AccessCodeSchema)
@problems(access_codes, 400, 404)
def reset(serial: str):
    """Replace a certificate's access code (bureau); the new code is shown once"""
    session = web.session()
    certificate = get_certificate(session, g.client, serial)
    code = reset_access_code(session, g.client, certificate, web.state().protector, web.now())
    session.commit()
    return {"serial": certificate.serial, "access_code": code}
