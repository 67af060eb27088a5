"""The issuing service: committees, the catalogue, certificates, keys.

``create_app`` builds the app and registers every blueprint and every operator command;
a feature lives in its own folder (``certificates/``, ``batches/``, ``committees/``...).
"""

from __future__ import annotations

from flask import Flask

from registry import cli, web
from registry import tables as _tables  # noqa: F401 (every model mapped before the first query)
from registry.audit import views as audit
from registry.batches import views as batches
from registry.calendar import views as calendar
from registry.certificates import views as certificates
from registry.committees import views as committees
from registry.config import Settings, SettingsError
from registry.equivalence import views as equivalence
from registry.holders import pages as holder_pages
from registry.holders import views as holders
from registry.imports import pages as import_pages
from registry.imports import views as register_imports
from registry.keys import views as keys
from registry.revocation import views as revocation
from registry.web.api import make_api

# The API's blueprints, in the order the OpenAPI document lists them.
API_BLUEPRINTS = (
    committees.committees,
    committees.specialties,
    certificates.certificates,
    batches.blp,
    calendar.blp,
    audit.blp,
    keys.blp,
    equivalence.blp,
    equivalence.recognitions,
    committees.committee_controls,
    committees.catalogue_controls,
    holders.holder,
    holders.access_codes,
    certificates.pdf,
    revocation.status_changes,
    revocation.integrity_records,
    revocation.title_reviews,
    register_imports.blp,
)
PAGE_BLUEPRINTS = (holder_pages.share_page, import_pages.original_number)


REFUSED = "The registry refuses to start. 注册服务拒绝启动。"


def create_app(settings: Settings | None = None) -> Flask:
    """The registry with ``settings``. Without them this is an entry point (gunicorn through
    ``registry.wsgi``, ``flask --app registry``): the settings come from the environment, and
    a refusal is its reason on stderr and exit status 1, not a traceback."""
    if settings is not None:
        return _create_app(settings)
    try:
        return _create_app(Settings.from_env())
    except SettingsError as exc:
        raise SystemExit(f"{REFUSED}\n{exc}") from None


def _create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    web.init_app(app, settings)
    api = make_api(app)
    for blueprint in API_BLUEPRINTS:
        api.register_blueprint(blueprint)
    for blueprint in PAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)
    cli.init_app(app)
    return app
