"""verify's JSON API, documented as OpenAPI 3 at /openapi.json."""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, jsonify
from flask_smorest import Blueprint

from certs.credential.model import serial_of
from certs.qr import token_from_qr_text
from verify import equivalence, notices
from verify.answers import certificate_answer, token_answer
from verify.lookup import Lookup, signed_while_compromised, token_signed_at
from verify.schemas import CertificateAnswerSchema, TokenAnswerSchema, VerifyRequestSchema
from webbase.api import Api as WebApi
from webbase.problems import PROBLEM_JSON, Problem, problem_response
from webbase.schemas import ProblemSchema

NOT_FOUND = Problem(
    "not-found",
    404,
    "Certificate not found",
    "未找到证书",
    "No certificate has this serial number. Check it against the paper certificate.",
    "没有此编号的证书，请与纸质证书核对编号。",
)

NOT_FOUND_NOTICE = Problem(
    "not-found",
    404,
    "Notice not found",
    "未找到公示",
    "No public notice has this batch number.",
    "没有此批次编号的公示。",
)

blp = Blueprint(
    "verification",
    __name__,
    url_prefix="/api/v1",
    description="Check a certificate (public, no account)",
)


def lookup() -> Lookup:
    return current_app.extensions["verify"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@blp.route("/certificates/<serial>")
@blp.response(200, CertificateAnswerSchema)
@blp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def certificate(serial: str):
    """A certificate's status and public details, by serial number"""
    row = lookup().find_typed(serial)
    if row is None:  # malformed or absent: one answer, so nothing can be learned by probing
        return problem_response(NOT_FOUND)
    return certificate_answer(row, lookup().check_record(row), _now())


@blp.route("/verify", methods=["POST"])
@blp.arguments(VerifyRequestSchema)
@blp.response(200, TokenAnswerSchema)
def verify(data: dict):
    """Check a signed credential or a QR code's text, and the certificate's live status"""
    return answer_token(data.get("token") or token_from_qr_text(data["qr_text"]))


def answer_token(token: str) -> dict:
    verdict = lookup().verify_token(token)
    row = check = None
    if verdict.valid:
        serial = serial_of(verdict.credential)
        row = lookup().find_typed(serial) if serial else None
        check = lookup().check_record(row) if row is not None else None
    key = lookup().keys().get(verdict.kid) if verdict.kid else None
    # A token signed before its key's compromise time is still trusted (check_record's rule).
    compromised = verdict.valid and signed_while_compromised(
        key, token_signed_at(token, verdict.credential, row)
    )
    return token_answer(verdict, row, check, _now(), key.status if key else None, compromised)


class Api(WebApi):
    NOT_FOUND = NOT_FOUND


wellknown = Blueprint(
    "wellknown", __name__, url_prefix="/.well-known", description="Published keys"
)


@wellknown.route("/jwks.json")
@wellknown.response(200, description="JSON Web Key Set: every signing key, active and retired")
def jwks_json():
    """The issuer's public keys (JWKS), for offline verification"""
    response = jsonify(lookup().jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blp.route("/health")
@blp.response(200, description="The service answers")
def health():
    """Liveness (no database access)"""
    return jsonify({"status": "ok"})


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="Engineering title certificate verification (职称证书查询验证)",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = Api(app)
    api.register_blueprint(blp)
    api.register_blueprint(wellknown)
    notices.init_app(app, api)
    api.register_blueprint(equivalence.blp)
    from verify import catalogue_views  # late: it imports this module

    api.register_blueprint(catalogue_views.blp)
    from verify.published import BLUEPRINTS  # noqa: PLC0415 (it imports this module)

    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    from verify import pdf  # noqa: I001 (it imports this module)

    pdf.init_app(app, api)
