"""The HTTP API: one blueprint per resource, documented as OpenAPI 3 at /openapi.json."""

from __future__ import annotations

import functools
import http
from pathlib import Path

import swagger_ui_bundle
from flask import Flask, g, send_from_directory
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response

from certs.schemas import ProblemSchema
from registry import web

PROBLEM_JSON = web.PROBLEM_JSON


class Api(SmorestApi):
    """flask-smorest, speaking RFC 9457 problem+json for every error."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        return web.handle_http_exception(error)

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def problems(blueprint, *statuses: int):
    """Document the problem+json answers an operation can give."""

    def decorate(view):
        for status in statuses:
            view = blueprint.alt_response(status, schema=ProblemSchema, content_type=PROBLEM_JSON)(
                view
            )
        return view

    return decorate


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
