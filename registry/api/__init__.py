"""The HTTP API: one blueprint per resource, documented as OpenAPI 3 at /openapi.json."""

from __future__ import annotations

import functools
from pathlib import Path

import swagger_ui_bundle
from flask import Flask, g, send_from_directory

from registry import web
from webbase.api import Api as WebApi
from webbase.api import problems


class Api(WebApi):
    """problem+json as everywhere, with the registry's ``WWW-Authenticate`` on a 401."""

    def problem_response(self, problem, headers=None):
        return web.problem_response(problem, headers)


BEARER = [{"bearerAuth": []}]


def requires(blueprint, *roles: str):
    """Authenticate before anything else (so a stranger learns nothing from validation),
    and document the bearer token and the 401/403 answers."""

    def decorate(view):
        @functools.wraps(view)
        def authenticated(*args, **kwargs):
            g.client = web.client(*roles)
            return view(*args, **kwargs)

        statuses = (401, 403) if roles else (401,)
        return problems(blueprint, *statuses)(blueprint.doc(security=BEARER)(authenticated))

    return decorate


def init_app(app: Flask) -> None:
    from registry.api import (
        audit,
        batches,
        certificates,
        committees,
        equivalence,
        governance,
        holder,
        pdf,
        revocation,
        wellknown,
    )

    app.config.update(
        API_TITLE="Engineering title registry (工程技术人才职称证书登记)",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/docs/static/",
    )
    api = Api(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "Issue and manage engineering title certificates. Authenticate with "
                    "`Authorization: Bearer <token>` (`flask --app registry tokens create`)."
                )
            }
        },
    )
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("holderBearer", {"type": "http", "scheme": "bearer"})
    for module in (
        committees,
        certificates,
        batches,
        audit,
        wellknown,
        equivalence,
        governance,
        holder,
        pdf,
        revocation,
    ):
        for blueprint in module.BLUEPRINTS:
            api.register_blueprint(blueprint)
    _serve_swagger_assets(app)


def _serve_swagger_assets(app: Flask) -> None:
    """The docs page's scripts come from the installed swagger-ui-bundle, not a CDN."""
    directory = Path(swagger_ui_bundle.swagger_ui_path)

    @app.get("/docs/static/<path:filename>")
    def swagger_static(filename: str):
        return send_from_directory(directory, filename)
