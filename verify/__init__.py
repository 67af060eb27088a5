"""The public verification service: read-only, holds no private key, imports no registry."""

from __future__ import annotations

from flask import Flask

from verify.config import Settings
from webbase.pages import init_templates


def create_app(settings: Settings | None = None) -> Flask:
    from verify import api, lookup, pages  # noqa: I001 (import late: flask --app imports this package)

    app = Flask(__name__)
    settings = settings or Settings.from_env()
    app.extensions["verify"] = lookup.Lookup.from_settings(settings)
    app.json.ensure_ascii = False
    init_templates(app)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    api.init_app(app)
    pages.init_app(app)
    return app
