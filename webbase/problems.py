"""RFC 9457 problem details, in Chinese and English, and the one table that maps the core's
domain errors to HTTP status codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from certs.errors import (
    AuthenticationError,
    CertsError,
    ConflictError,
    FieldError,
    ForbiddenError,
    IdNumberError,
    InvalidInputError,
    NotFoundError,
    QrTooLargeError,
    SerialFormatError,
    SigningKeyError,
    TooLargeError,
    TooManyAttemptsError,
    UnsupportedMediaTypeError,
    listed,
)
from certs.pdf.check import PdfUploadError
from certs.workdays import CalendarError
from webbase.validation import field_errors

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:title-registry:problem:"

# The one table: a domain error's class (or its nearest listed ancestor) -> HTTP status.
STATUS_OF_ERROR: dict[type[CertsError], int] = {
    CertsError: 400,
    SerialFormatError: 400,
    AuthenticationError: 401,
    ForbiddenError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    TooLargeError: 413,
    UnsupportedMediaTypeError: 415,
    InvalidInputError: 422,
    IdNumberError: 422,
    PdfUploadError: 422,
    TooManyAttemptsError: 429,
    QrTooLargeError: 500,
    SigningKeyError: 503,
    CalendarError: 503,
}


def status_of(error: CertsError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_OF_ERROR:
            return STATUS_OF_ERROR[cls]
    return 400


@dataclass
class Problem:
    """An RFC 9457 problem document, bilingual."""

    slug: str
    status: int
    title: str
    title_zh: str
    detail: str
    detail_zh: str
    errors: list[FieldError] = field(default_factory=list)

    @classmethod
    def from_error(cls, error: CertsError) -> Problem:
        return cls(
            error.slug,
            status_of(error),
            error.title,
            error.title_zh,
            error.detail,
            error.detail_zh,
            list(error.errors),
        )

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + self.slug,
            "title": self.title,
            "title_zh": self.title_zh,
            "status": self.status,
            "detail": _bounded(self.detail),
            "detail_zh": _bounded(self.detail_zh),
        }
        if self.errors:
            body["errors"] = [_bounded_error(e) for e in self.errors]
        return body


# An error may quote what was sent (an unknown column, an unknown field's name): each text is
# cut to a length no message of ours reaches, and a lone surrogate is written as its escape,
# so that the answer can always be encoded and stays small.
MAX_TEXT = 1000
MAX_FIELD = 200


def _bounded(text: str, limit: int = MAX_TEXT) -> str:
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _bounded_error(error: FieldError) -> dict[str, str | int]:
    found = error.as_dict()
    for name, value in found.items():
        if isinstance(value, str):
            found[name] = _bounded(value, MAX_FIELD if name == "field" else MAX_TEXT)
    return found


HTTP_TITLES_ZH = {
    400: "请求有误",
    404: "未找到",
    405: "不支持此请求方法",
    406: "无法提供所请求的格式",
    413: "请求体过大",
    414: "请求地址过长",
    415: "不支持的内容类型",
    422: "请求中有字段不符合要求",
}
INTERNAL = Problem(
    "internal",
    500,
    "Internal server error",
    "服务器内部错误",
    "The error was logged.",
    "错误已记录。",
)


def http_problem(status: int, name: str, description: str | None, data: dict | None) -> Problem:
    """An HTTP-level error (Werkzeug's, or webargs's validation) as a bilingual problem.

    webargs keys its messages by location ("json", "query"); the field is what matters.
    """
    if status >= 500:
        return INTERNAL
    messages = (data or {}).get("messages", {})
    errors = listed(e for by_location in messages.values() for e in field_errors(by_location))
    title_zh = HTTP_TITLES_ZH.get(status, name)
    detail = "The request has invalid fields." if errors else description or name
    slug = "invalid-input" if status == 422 else f"http-{status}"
    return Problem(slug, status, name, title_zh, detail, title_zh, errors)


def http_headers(error: HTTPException) -> dict[str, str]:
    """The headers an HTTP error carries besides its content type: a 405's ``Allow`` (RFC
    9110 15.5.6: the methods the resource has), a 401's ``WWW-Authenticate``, a 429's
    ``Retry-After``. The problem+json answer keeps them."""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def problem_response(
    problem: Problem, headers: dict[str, str] | None = None
) -> ResponseReturnValue:
    response = current_app.response_class(
        current_app.json.dumps(problem.as_dict()), status=problem.status, mimetype=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
