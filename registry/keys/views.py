"""The public keys, for anyone who verifies offline."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint

from registry import web
from registry.projection.keys import jwks

blp = Blueprint("wellknown", __name__, url_prefix="/.well-known", description="Published keys")


@blp.route("/jwks.json")
@blp.response(200, description="JSON Web Key Set: every signing key, active and retired")
def jwks_json():
    """The issuer's public keys (JWKS)"""
    response = jsonify(jwks(web.session()))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
