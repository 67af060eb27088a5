"""The ``Idempotency-Key`` header for operations that must never happen twice."""

from __future__ import annotations

import functools
import json
import re

from flask import current_app, g, request

from certs.errors import FieldError, InvalidInputError
from registry import web
from registry.api import problems
from registry.services.idempotency import claim, fingerprint, remember

HEADER = "Idempotency-Key"
SHOWN_ONCE = {"access_code"}
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": (
        "A unique value (e.g. a UUID) per intended operation. Repeating the request with "
        "the same key returns the first answer and changes nothing; the same key with a "
        "different request is refused."
    ),
}


def idempotent(blueprint):
    """Run the operation in one transaction that also claims the key and keeps the answer.
    The view must not commit: this commits when the answer is a success."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key = request.headers.get(HEADER)
            session = web.session()
            if key is not None:
                if not _KEY.fullmatch(key):
                    raise InvalidInputError(errors=[_bad_key()])
                first = claim(session, g.client.id, key, _fingerprint(), web.now())
                if first is not None:
                    replay = _replay(first)
                    session.rollback()
                    return replay
            response = view(*args, **kwargs)
            if response.status_code >= 400:
                session.rollback()
                return response
            if key is not None:
                body = json.dumps(_without_secrets(response.get_json()), ensure_ascii=False)
                remember(session, g.client.id, key, response.status_code, body)
            session.commit()
            return response

        return problems(blueprint, 422)(blueprint.doc(parameters=[PARAMETER])(wrapper))

    return decorate


def _without_secrets(value):
    """The answer as kept for replay: access codes are shown once and never stored."""
    if isinstance(value, dict):
        return {k: None if k in SHOWN_ONCE else _without_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_secrets(item) for item in value]
    return value


def _fingerprint() -> str:
    return fingerprint(
        request.method, request.path, request.query_string, request.get_data(cache=True)
    )


def _replay(first):
    response = current_app.response_class(
        first.response_body, status=first.response_status, mimetype="application/json"
    )
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _bad_key() -> FieldError:
    return FieldError(
        HEADER,
        "invalid_format",
        "1 to 255 printable ASCII characters.",
        "应为 1 至 255 个可打印的 ASCII 字符。",
    )
