"""The public verification service: read-only, holds no private key, imports no registry."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Blueprint as ApiBlueprint

from verify.config import Settings
from verify.db import make_engine
from verify.queries.calendar import CalendarCoverage
from verify.queries.lookup import Lookup
from verify.queries.pdf_certificates import PublishedPdfCertificates
from verify.views import (
    catalogue,
    certificates,
    eligibility,
    equivalences,
    notices,
    pdf,
    published,
)
from verify.web import Api, Clock, State, utc_now
from webbase.headers import init_security_headers
from webbase.pages import init_templates

# Every blueprint: the API's through flask-smorest (documented at /openapi.json, tagged in
# this order), the pages' straight into the app.
BLUEPRINTS: tuple[Blueprint, ...] = (
    certificates.api,
    certificates.wellknown,
    certificates.pages,
    notices.api,
    notices.pages,
    equivalences.api,
    catalogue.api,
    catalogue.pages,
    published.status_lists,
    published.revocations,
    pdf.api,
    pdf.pages,
    eligibility.api,
    eligibility.pages,
)
API_DOCUMENT = {
    "API_TITLE": "Engineering title certificate verification (职称证书查询验证)",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
}
MAX_BODY_BYTES = 64 * 1024  # a PDF upload raises its own limit (views/pdf.py)


def create_app(settings: Settings | None = None, *, clock: Clock = utc_now) -> Flask:
    app = Flask(__name__)
    settings = settings or Settings.from_env()
    engine = make_engine(settings)
    app.extensions["verify"] = State(
        settings=settings,
        engine=engine,
        lookup=Lookup(engine, settings.key_cache_seconds),
        pdf_certificates=PublishedPdfCertificates(engine, settings.key_cache_seconds),
        calendar=CalendarCoverage(engine, settings.key_cache_seconds),
        clock=clock,
    )
    # Flask's default provider; ensure_ascii is on it, not on the JSONProvider base type.
    if isinstance(app.json, DefaultJSONProvider):
        app.json.ensure_ascii = False
    init_templates(app)
    init_security_headers(app)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.config.update(API_DOCUMENT)
    api = Api(app)
    for blueprint in BLUEPRINTS:
        if isinstance(blueprint, ApiBlueprint):
            api.register_blueprint(blueprint)
        else:
            app.register_blueprint(blueprint)
    return app
