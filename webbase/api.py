"""flask-smorest's ``Api``, speaking RFC 9457 problem+json for every error it documents or
answers, in both services."""

from __future__ import annotations

import http
import logging
from collections.abc import Callable
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin as BaseMarshmallowPlugin
from flask import Flask
from flask.typing import ResponseReturnValue
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from webbase import guard
from webbase.problems import PROBLEM_JSON, Problem, http_headers, http_problem, problem_response
from webbase.schemas import PLAIN_TEXT_PATTERN, ProblemSchema

log = logging.getLogger(__name__)


class Api(SmorestApi):
    """Every error as problem+json; a subclass may name the problem a 404 answers with.
    What no request may carry is refused before any view (``webbase.guard``)."""

    ERROR_SCHEMA = ProblemSchema
    NOT_FOUND: Problem | None = None

    def init_app(self, app: Flask, *args: Any, **kwargs: Any) -> None:
        super().init_app(app, *args, **kwargs)
        guard.init_app(app)

    def _init_spec(self, *, marshmallow_plugin: Any = None, **kwargs: Any) -> None:
        super()._init_spec(marshmallow_plugin=marshmallow_plugin or MarshmallowPlugin(), **kwargs)
        converter = self.ma_plugin.converter
        converter.add_attribute_function(plain_text_in_body)
        converter.add_parameter_attribute_function(plain_text_in_query)

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if status >= 500:
            log.error(
                "unhandled error", exc_info=getattr(error, "original_exception", None) or error
            )
        if status == 404 and self.NOT_FOUND is not None:
            return self.problem_response(self.NOT_FOUND)
        data = getattr(error, "data", None) or {}
        problem = http_problem(status, error.name, error.description, data)
        return self.problem_response(
            problem, {**http_headers(error), **(data.get("headers") or {})}
        )

    def problem_response(
        self, problem: Problem, headers: dict[str, str] | None = None
    ) -> ResponseReturnValue:
        return problem_response(problem, headers)

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


class MarshmallowPlugin(BaseMarshmallowPlugin):
    """A schema class may add what no field can say to its JSON Schema, as ``OPENAPI_EXTRA``:
    a relation between its fields (``oneOf``, ``anyOf``), a least number of properties."""

    # apispec's own MarshmallowPlugin already departs from BasePlugin's signature.
    def schema_helper(self, name: Any, _: Any, schema: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        found = super().schema_helper(name, _, schema=schema, **kwargs)
        extra = getattr(schema, "OPENAPI_EXTRA", None)
        return {**found, **extra} if found is not None and extra else found


def _plain_text(schema: dict[str, Any]) -> None:
    """The pattern that says no control character, on a free text (one with no pattern,
    format or list of values of its own)."""
    if schema.get("type") == "array":
        schema = schema.get("items") or {}
    if schema.get("type") == "string" and not {"pattern", "format", "enum"} & schema.keys():
        schema["pattern"] = PLAIN_TEXT_PATTERN


def plain_text_in_body(_converter: Any, field: Any, ret: dict[str, Any], **_: Any) -> dict:
    """A body's text, where its schema refuses control characters (``REFUSES_CONTROL_
    CHARACTERS``: the registry's ``StrictSchema``)."""
    if getattr(field.root, "REFUSES_CONTROL_CHARACTERS", False):
        _plain_text(ret)
    return {}


def plain_text_in_query(_converter: Any, _field: Any, ret: dict[str, Any], **_: Any) -> dict:
    """Every query parameter: ``webbase.guard`` refuses control characters in all of them."""
    if ret.get("in") == "query":
        _plain_text(ret.get("schema") or {})
    return {}


def problems(blueprint: Blueprint, *statuses: int) -> Callable[[Callable], Callable]:
    """Document the problem+json answers an operation can give."""

    def decorate(view: Callable) -> Callable:
        for status in statuses:
            view = blueprint.alt_response(status, schema=ProblemSchema, content_type=PROBLEM_JSON)(
                view
            )
        return view

    return decorate
