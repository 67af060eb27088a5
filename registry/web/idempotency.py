"""The ``Idempotency-Key`` header for operations that must never happen twice: a repeated
request gets the first answer and changes nothing.

The key is claimed by inserting its record at the start of the request's transaction and
the answer is stored in the same transaction, so the claim, the change and the answer
commit together or not at all. A concurrent request with the same key waits on the
claim (PostgreSQL: the unique key; SQLite: the write lock every transaction here takes)
and then finds the first answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re

from flask import current_app, g, request
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from certs.errors import FieldError, InvalidInputError
from registry import web
from registry.web.models import IdempotencyRecord
from webbase.api import problems


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query, body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def claim(
    session: Session, client_id: int, key: str, request_hash: str, now: dt.datetime
) -> IdempotencyRecord | None:
    """None when this is the first request with ``key``: go on. Otherwise the record of
    the first, whose answer is to be returned again."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(IdempotencyRecord)
        .values(client_id=client_id, key=key, request_hash=request_hash, created_at=now)
        .on_conflict_do_nothing(index_elements=["client_id", "key"])
        .returning(IdempotencyRecord.key)
    )
    if session.execute(statement).first() is not None:
        return None
    # The insert met this key's row (rows are never deleted): get_one, as it must exist.
    first = session.get_one(IdempotencyRecord, (client_id, key), populate_existing=True)
    if first.request_hash != request_hash:
        raise InvalidInputError(
            "This Idempotency-Key was used with a different request.",
            "该 Idempotency-Key 已用于另一个不同的请求。",
            errors=[
                FieldError(
                    "Idempotency-Key",
                    "key_reused",
                    "Use a new key for a different request.",
                    "不同的请求请使用新的 Idempotency-Key。",
                )
            ],
        )
    return first


def remember(session: Session, client_id: int, key: str, status: int, body: str) -> None:
    record = session.get_one(IdempotencyRecord, (client_id, key))  # claimed in this transaction
    record.response_status, record.response_body = status, body
    session.flush()


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
