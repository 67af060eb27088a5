"""Closing a public notice (公示) when its period has ended: the full names and work units it
showed leave the public tables, and the closing is in the audit trail.

The daily ``flask --app registry notices close`` closes every notice whose last day is past
(Beijing time); issuing a batch closes its notice too. Closing twice changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from registry.audit.services import Actor, Change, record
from registry.batches.models import ResultBatch
from registry.projection import notices


def close_notice(session: Session, actor: Actor, batch: ResultBatch, now: dt.datetime) -> bool:
    """Close ``batch``'s notice once its period has ended; False when it was already closed."""
    if batch.notice_closed_at is not None:
        return False
    if beijing_date(now) <= batch.notice_to:
        raise ValueError(f"the notice of {batch.public_id} runs to {batch.notice_to}")
    batch.notice_closed_at = now
    notices.close(session, batch, now)
    change = Change(
        "batch.notice_close", "batch", batch.public_id, detail={"notice_to": batch.notice_to}
    )
    record(session, actor, change, now)
    return True


def close_ended_notices(session: Session, actor: Actor, now: dt.datetime) -> list[ResultBatch]:
    """Every notice whose last day is before today (Beijing time) and is not yet closed."""
    due = session.scalars(
        select(ResultBatch)
        .where(
            ResultBatch.notice_to < beijing_date(now),
            ResultBatch.notice_closed_at.is_(None),
        )
        .order_by(ResultBatch.notice_to, ResultBatch.id)
        .with_for_update(of=ResultBatch)
    ).all()
    return [batch for batch in due if close_notice(session, actor, batch, now)]
