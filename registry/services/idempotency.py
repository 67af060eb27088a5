"""Idempotency keys: a repeated request gets the first answer and changes nothing.

The key is claimed by inserting its record at the start of the request's transaction and
the answer is stored in the same transaction, so the claim, the change and the answer
commit together or not at all. A concurrent request with the same key waits on the
claim (PostgreSQL: the unique key; SQLite: the write lock every transaction here takes)
and then finds the first answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from certs.errors import FieldError, InvalidInputError
from registry.models import IdempotencyRecord


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
    first = session.get(IdempotencyRecord, (client_id, key), populate_existing=True)
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
    record = session.get(IdempotencyRecord, (client_id, key))
    record.response_status, record.response_body = status, body
    session.flush()
