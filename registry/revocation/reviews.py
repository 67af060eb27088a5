"""The review queue: a person's other titles, after fraud was found against them.

A forged degree may carry more than one title. When fraud goes into the integrity record
(三(二)1), every other title the person holds (valid or suspended) is listed here, and the
bureau decides each one: keep it, or revoke it through the ordinary status change. A title
revoked by any decision leaves the queue; a withdrawn record takes its open reviews with it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import NotFoundError
from registry.certificates.models import HELD_STATUSES, Certificate, Holder
from registry.revocation.models import IntegrityRecord, StatusChange, TitleReview

MAX_ID = 2**31 - 1  # an INTEGER column: a larger number names nothing


def open_reviews(
    session: Session, record: IntegrityRecord, revoked: Certificate | None, now: dt.datetime
) -> list[int]:
    """A review for each title the person still holds: one open review per title, and
    none for a title already kept after a review of the same kind of fraud (a degree
    found forged again when a second title is revoked for it)."""
    statement = (
        select(Certificate)
        .join(Holder, Holder.id == Certificate.holder_id)
        .where(
            Holder.id_number_hash == record.id_number_hash,
            Certificate.status.in_(HELD_STATUSES),
        )
        .order_by(Certificate.id)
    )
    if revoked is not None:
        statement = statement.where(Certificate.id != revoked.id)
    held = list(session.scalars(statement))
    weighed = (TitleReview.status == "open") | (
        (TitleReview.status == "kept")
        & (IntegrityRecord.conduct == record.conduct)
        & IntegrityRecord.withdrawn_at.is_(None)
    )
    under_review = set(
        session.scalars(
            select(TitleReview.certificate_id)
            .join(IntegrityRecord, IntegrityRecord.id == TitleReview.integrity_record_id)
            .where(weighed, TitleReview.certificate_id.in_([c.id for c in held]))
        )
    )
    opened = [
        TitleReview(certificate=certificate, integrity_record=record, status="open", opened_at=now)
        for certificate in held
        if certificate.id not in under_review
    ]
    session.add_all(opened)
    session.flush()
    return [review.id for review in opened]


def _open_for(session: Session, *conditions) -> list[TitleReview]:
    return list(
        session.scalars(
            select(TitleReview)
            .where(TitleReview.status == "open", *conditions)
            .order_by(TitleReview.id)
            .with_for_update(of=TitleReview)
        )
    )


def close_for_revocation(
    session: Session, certificate: Certificate, change: StatusChange, now: dt.datetime
) -> list[int]:
    """A title revoked (through its review or by any other decision) leaves the queue."""
    closed = _open_for(session, TitleReview.certificate_id == certificate.id)
    for review in closed:
        review.status, review.status_change_id = "revoked", change.id
        review.decided_at, review.decided_by = now, change.actor
        review.decision_number = change.decision_number
    session.flush()
    return [review.id for review in closed]


def cancel_reviews(
    session: Session, record: IntegrityRecord, decision_number: str, actor: str, now: dt.datetime
) -> list[int]:
    """The record the reviews rest on was withdrawn (an appeal upheld): nothing to review."""
    cancelled = _open_for(session, TitleReview.integrity_record_id == record.id)
    for review in cancelled:
        review.status, review.decided_at, review.decided_by = "cancelled", now, actor
        review.decision_number = decision_number
    session.flush()
    return [review.id for review in cancelled]


def list_reviews(
    session: Session, status: str | None, after_id: int, limit: int
) -> list[TitleReview]:
    statement = select(TitleReview).where(TitleReview.id > after_id)
    if status is not None:
        statement = statement.where(TitleReview.status == status)
    return list(session.scalars(statement.order_by(TitleReview.id).limit(limit)))


def get_review(session: Session, review_id: int, *, lock: bool = False) -> TitleReview:
    review = None
    if 0 < review_id <= MAX_ID:
        statement = select(TitleReview).where(TitleReview.id == review_id)
        if lock:  # the review's row only, not the rows its eager loads join
            statement = statement.with_for_update(of=TitleReview)
        review = session.scalar(statement)
    if review is None:
        raise NotFoundError(f"No review {review_id}.", f"没有编号为 {review_id} 的复核事项。")
    return review
