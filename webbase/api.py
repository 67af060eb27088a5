"""flask-smorest's ``Api``, speaking RFC 9457 problem+json for every error it documents or
answers, in both services."""

from __future__ import annotations

import http
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.typing import ResponseReturnValue
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from webbase import guard
from webbase.problems import PROBLEM_JSON, Problem, http_headers, http_problem, problem_response
from webbase.schemas import ProblemSchema

log = logging.getLogger(__name__)


class Api(SmorestApi):
    """Every error as problem+json; a subclass may name the problem a 404 answers with.
    What no request may carry is refused before any view (``webbase.guard``)."""

    ERROR_SCHEMA = ProblemSchema
    NOT_FOUND: Problem | None = None

    def init_app(self, app: Flask, *args: Any, **kwargs: Any) -> None:
        super().init_app(app, *args, **kwargs)
        guard.init_app(app)

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


def problems(blueprint: Blueprint, *statuses: int) -> Callable[[Callable], Callable]:
    """Document the problem+json answers an operation can give."""

    def decorate(view: Callable) -> Callable:
        for status in statuses:
            view = blueprint.alt_response(status, schema=ProblemSchema, content_type=PROBLEM_JSON)(
                view
            )
        return view

    return decorate
