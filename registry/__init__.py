"""The issuing service: committees, the catalogue, certificates, keys."""

from __future__ import annotations

from flask import Flask

from registry.config import Settings


def create_app(settings: Settings | None = None) -> Flask:
    from registry import api, cli, pages, web  # noqa: I001 (import late: flask --app imports this package)

    app = Flask(__name__)
    settings = settings or Settings.from_env()
    web.init_app(app, settings)
    api.init_app(app)
    cli.init_app(app)
    pages.init_app(app)
    return app
