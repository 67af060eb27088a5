"""Recording every change, and checking that the record has not been edited since.

Each record's hash covers its own fields and the previous record's hash; the head row
holds the latest. Writers lock the head (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
transactions here start with ``BEGIN IMMEDIATE``), so records are chained one transaction
at a time and numbered without gaps. Nothing in the registry updates or deletes a record;
in production the registry's database role may not either (deploy/postgres/roles.sql)."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from certs.credential.jose import canonical_json
from registry.audit.models import GENESIS_HASH, AuditHead, AuditRecord
from registry.clients.models import ApiClient

HEAD_ID = 1


@dataclass(frozen=True)
class Actor:
    """Who made a change: an API client (by id, role and name) or an operator at the CLI."""

    label: str

    @classmethod
    def of_client(cls, client: ApiClient) -> Actor:
        return cls(f"{client.role}:{client.id} {client.name}")

    @classmethod
    def operator(cls) -> Actor:
        try:
            user = getpass.getuser()
        except OSError:  # no user name for this uid (some containers)
            user = "unknown"
        return cls(f"operator:{user}")


@dataclass(frozen=True)
class Change:
    action: str
    object_type: str
    object_id: str
    reason: str | None = None
    detail: dict | None = None


def record_hash(
    seq: int,
    at: dt.datetime,
    actor: str,
    change: Change,
    detail_json: str,
    prev_hash: str,
) -> str:
    fields = {
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": change.action,
        "object_type": change.object_type,
        "object_id": change.object_id,
        "reason": change.reason,
        "detail": detail_json,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(fields)).hexdigest()


def record(session: Session, actor: Actor, change: Change, now: dt.datetime) -> None:
    record_many(session, actor, [change], now)


def record_many(session: Session, actor: Actor, changes: list[Change], now: dt.datetime) -> None:
    """Append ``changes`` in order, in the caller's transaction."""
    head = _locked_head(session)
    seq, previous = head.seq, head.hash
    rows = []
    for change in changes:
        seq += 1
        detail_json = canonical_json(_dates_as_text(change.detail or {})).decode()
        digest = record_hash(seq, now, actor.label, change, detail_json, previous)
        rows.append(
            {
                "seq": seq,
                "at": now,
                "actor": actor.label,
                "action": change.action,
                "object_type": change.object_type,
                "object_id": change.object_id,
                "reason": change.reason,
                "detail": detail_json,
                "prev_hash": previous,
                "hash": digest,
            }
        )
        previous = digest
    if rows:
        session.execute(insert(AuditRecord.__table__), rows)
    head.seq, head.hash = seq, previous
    session.flush()


def _dates_as_text(detail: dict) -> dict:
    """Details may carry dates (a decision's date, a validity period): ISO text in JSON."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in detail.items()}


def _locked_head(session: Session) -> AuditHead:
    head = session.scalar(select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update())
    if head is None:
        head = AuditHead(id=HEAD_ID, seq=0, hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    return head


@dataclass(frozen=True)
class ChainFault:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.problem}"


def verify_chain(session: Session, batch: int = 1000) -> Iterator[ChainFault]:
    """Every place where the stored trail differs from an untouched one."""
    expected_seq, previous = 0, GENESIS_HASH
    rows = session.execute(
        select(AuditRecord).order_by(AuditRecord.seq).execution_options(yield_per=batch)
    ).scalars()
    for row in rows:
        expected_seq += 1
        if row.seq != expected_seq:
            yield ChainFault(expected_seq, f"missing (the next record is {row.seq})")
            expected_seq = row.seq
        if row.prev_hash != previous:
            yield ChainFault(row.seq, "does not link to the record before it")
        change = Change(row.action, row.object_type, row.object_id, row.reason)
        digest = record_hash(row.seq, row.at, row.actor, change, row.detail, row.prev_hash)
        if digest != row.hash:
            yield ChainFault(row.seq, "altered: its contents do not match its hash")
        previous = row.hash
    head = session.get(AuditHead, HEAD_ID)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq or head_hash != previous:
        yield ChainFault(head_seq, f"missing at the end (the trail ends at record {expected_seq})")


def count(session: Session) -> int:
    head = session.get(AuditHead, HEAD_ID)
    return head.seq if head else 0


@dataclass(frozen=True)
class AuditQuery:
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    actor: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    after_seq: int = 0
    limit: int = 100


def search(session: Session, query: AuditQuery) -> list[AuditRecord]:
    """Records matching every given filter, oldest first, after ``after_seq``."""
    statement = select(AuditRecord).where(AuditRecord.seq > query.after_seq)
    if query.action:
        statement = statement.where(AuditRecord.action == query.action)
    if query.object_type:
        statement = statement.where(AuditRecord.object_type == query.object_type)
    if query.object_id:
        statement = statement.where(AuditRecord.object_id == query.object_id)
    if query.actor:
        statement = statement.where(AuditRecord.actor.startswith(query.actor, autoescape=True))
    if query.since:
        statement = statement.where(AuditRecord.at >= query.since)
    if query.until:
        statement = statement.where(AuditRecord.at < query.until)
    return list(session.scalars(statement.order_by(AuditRecord.seq).limit(query.limit)))
