"""The HTTP API, documented as OpenAPI 3 at /openapi.json, with Swagger UI at /docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import swagger_ui_bundle
from flask import Flask, Response, send_from_directory
from flask_smorest.spec.plugins import integerconverter2paramschema
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from certs.serials import PATTERN as SERIAL_PATTERN
from registry.web.errors import problem_response
from webbase.api import Api as WebApi
from webbase.headers import init_security_headers

# The Swagger UI page at /docs, as it needs and no more: its scripts and style sheet from this
# server (/docs/static/, /docs/init.js; no inline script or style, no CDN), its icons as
# data: URLs, and the API itself, to read /openapi.json and to "Try it out". Not to be
# framed, like everything else. tests/browser runs the page under it and sees no violation.
SWAGGER_UI_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# What flask-smorest's own template does inline: start Swagger UI on the spec the page names.
SWAGGER_INIT = """window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = JSON.parse(container.dataset.config || "{}");
  config.url = container.dataset.specUrl;
  config.dom_id = "#swagger-ui-container";
  window.ui = SwaggerUIBundle(config);
});
"""


class DatabaseInteger(IntegerConverter):
    """``<int:...>`` in a path: a database key, so at most the largest 32-bit integer; a larger
    number matches no route (404) instead of overflowing PostgreSQL's integer (500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class SerialConverter(UnicodeConverter):
    """``<serial:...>`` in a path: any segment, as ``<...>``, the view refusing what is no
    serial (400, invalid-serial); the document gives the pattern a serial is typed in."""


def serialconverter2paramschema(_converter: SerialConverter) -> dict[str, str]:
    return {"type": "string", "pattern": SERIAL_PATTERN}


class Api(WebApi):
    """problem+json as everywhere, with the registry's ``WWW-Authenticate`` on a 401."""

    def problem_response(self, problem, headers=None):
        return problem_response(problem, headers)


def make_api(app: Flask) -> Api:
    """The OpenAPI-documented API on ``app``, its Swagger UI served from the installed
    swagger-ui-bundle (no CDN); the caller registers the blueprints."""
    app.config.update(
        API_TITLE="Engineering title registry (工程技术人才职称证书登记)",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/docs/static/",
    )
    app.url_map.converters["int"] = DatabaseInteger  # before any rule is added
    app.url_map.converters["serial"] = SerialConverter
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
    api.register_converter(DatabaseInteger, integerconverter2paramschema)
    api.register_converter(SerialConverter, serialconverter2paramschema)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("holderBearer", {"type": "http", "scheme": "bearer"})
    _serve_swagger_assets(app)
    init_security_headers(app, {"api-docs.openapi_swagger_ui": SWAGGER_UI_POLICY})
    return api


def _serve_swagger_assets(app: Flask) -> None:
    """The docs page's scripts come from the installed swagger-ui-bundle, not a CDN."""
    directory = Path(swagger_ui_bundle.swagger_ui_path)

    @app.get("/docs/static/<path:filename>")
    def swagger_static(filename: str):
        return send_from_directory(directory, filename)

    @app.get("/docs/init.js")
    def swagger_init():
        return Response(SWAGGER_INIT, mimetype="text/javascript")
