"""The bureau's decision on one title in the review queue: keep it, or revoke it through
the ordinary status change (which changes the certificate, the projection, the status
lists and the audit trail, and may itself find fraud)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import ConflictError, FieldError, InvalidInputError
from registry.audit.services import Actor, Change, record
from registry.revocation.models import TitleReview
from registry.revocation.reviews import get_review
from registry.revocation.services import StatusDecision, StatusPolicy, change_status


@dataclass(frozen=True)
class ReviewDecision:
    decision: str  # keep | revoke
    reason: str  # why, in the bureau's words
    decision_number: str
    revocation_reason: str | None = None  # revoke: one of the revocation reasons
    effective_date: dt.date | None = None  # revoke: default today (Beijing)
    fraud_description: str | None = None
    note: str | None = None  # private


def decide_review(
    session: Session,
    actor: Actor,
    review_id: int,
    decision: ReviewDecision,
    policy: StatusPolicy,
    now: dt.datetime,
) -> TitleReview:
    review = get_review(session, review_id, lock=True)
    if review.status != "open":
        raise ConflictError(
            f"Review {review.id} was already decided ({review.status}, {review.decision_number}).",
            f"复核事项 {review.id} 已有决定（{review.status}，{review.decision_number}）。",
        )
    _refuse_mismatch(decision)
    serial = review.certificate.serial
    detail: dict = {"serial": serial, "integrity_record": review.integrity_record_id}
    if decision.decision == "revoke":
        change = change_status(session, actor, serial, _status_decision(decision, now), policy, now)
        detail["status_change"] = change.id
    else:
        review.status, review.decided_at, review.decided_by = "kept", now, actor.label
        review.decision_number = decision.decision_number
    review.reason = decision.reason
    session.flush()
    change_record = Change(
        f"review.{decision.decision}", "review", str(review.id), decision.reason, detail
    )
    record(session, actor, change_record, now)
    return review


def _status_decision(decision: ReviewDecision, now: dt.datetime) -> StatusDecision:
    return StatusDecision(
        "revoke",
        decision.decision_number,
        decision.effective_date or beijing_date(now),
        decision.revocation_reason,
        decision.note,
        decision.fraud_description,
    )


def _refuse_mismatch(decision: ReviewDecision) -> None:
    if decision.decision == "revoke" and decision.revocation_reason is None:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "revocation_reason",
                    "reason_required",
                    "Revoking a title under review needs a revocation reason; a forged_* "
                    "reason also makes an integrity record (policy 三(二)1).",
                    "撤销复核中的职称须注明撤销原因；forged_* 原因同时记入诚信档案（三(二)1）。",
                )
            ]
        )
    given = [
        name
        for name in ("revocation_reason", "effective_date", "fraud_description", "note")
        if getattr(decision, name) is not None
    ]
    if decision.decision == "keep" and given:
        raise InvalidInputError(
            errors=[
                FieldError(
                    name,
                    "not_revoking",
                    "Only a revocation takes this field; a title kept after the review of "
                    "fraud (policy 三(二)1) stays as it is.",
                    "仅撤销时填写此字段；弄虚作假复核（三(二)1）后保留的职称不作变更。",
                )
                for name in given
            ]
        )
