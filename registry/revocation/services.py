"""Revoking, suspending, lifting a suspension, reinstating: one decision at a time.

Each decision changes the certificate, the public projection, the status lists and the
audit trail in the caller's transaction: when it commits, every public answer changes at
once; when it fails, none does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from certs.revocation import OTHER_FRAUD, REVOCATION_REASONS, SUSPENSION_REASON
from certs.serials import parse_serial
from registry.audit.services import Actor, Change, record
from registry.certificates.models import Certificate
from registry.certificates.pipeline import resign_certificate
from registry.keys.issuer import Issuer
from registry.projection.certificates import project_certificate
from registry.revocation.integrity import FraudFinding, record_fraud, withdraw_for_certificate
from registry.revocation.models import StatusChange
from registry.revocation.reviews import close_for_revocation
from registry.revocation.status_lists import (
    StatusListPublisher,
    allocate_status_indexes,
    publish_status_lists,
)

# action -> (statuses it applies to, status it leads to)
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "revoke": (("valid", "suspended"), "revoked"),
    "suspend": (("valid",), "suspended"),
    "lift": (("suspended",), "valid"),
    "reinstate": (("revoked",), "valid"),
}


ACTION_WORDS = {
    "revoke": ("revoke", "撤销"),
    "suspend": ("suspend", "暂停"),
    "lift": ("lift the suspension of", "解除暂停"),
    "reinstate": ("reinstate", "恢复"),
}


@dataclass(frozen=True)
class StatusDecision:
    action: str
    decision_number: str
    effective_date: dt.date
    reason: str | None = None
    note: str | None = None  # private: kept in the registry, never published
    description: str | None = None  # what was falsified: required for forged_other


@dataclass(frozen=True)
class StatusPolicy:
    issuer: Issuer  # signs re-issued credentials and the status lists
    fraud_bar_years: int


def _locked_certificate(session: Session, serial_text: str) -> Certificate:
    serial = parse_serial(serial_text)
    certificate = session.scalar(
        select(Certificate).where(Certificate.serial == serial).with_for_update(of=Certificate)
    )
    if certificate is None:
        raise NotFoundError(f"No certificate {serial}.", f"没有编号为 {serial} 的证书。")
    return certificate


def _last_change(session: Session, certificate: Certificate, action: str) -> StatusChange | None:
    return session.scalars(
        select(StatusChange)
        .where(StatusChange.certificate_id == certificate.id, StatusChange.action == action)
        .order_by(StatusChange.id.desc())
        .limit(1)
    ).first()


def _reason_error(decision: StatusDecision) -> FieldError | None:
    if decision.action == "revoke" and decision.reason not in REVOCATION_REASONS:
        return FieldError(
            "reason",
            "reason_required",
            "A revocation needs one of the revocation reasons: " + ", ".join(REVOCATION_REASONS),
            "撤销须注明撤销原因，可选值：" + "、".join(REVOCATION_REASONS),
        )
    if decision.action in ("lift", "reinstate") and decision.reason is not None:
        return FieldError("reason", "no_reason", "Give no reason here.", "此操作不需要原因。")
    if decision.action == "suspend" and decision.reason not in (None, SUSPENSION_REASON.code):
        return FieldError(
            "reason",
            "unknown_reason",
            f"A suspension's reason is {SUSPENSION_REASON.code}.",
            f"暂停的原因只能是 {SUSPENSION_REASON.code}。",
        )
    return _description_error(decision)


def _description_error(decision: StatusDecision) -> FieldError | None:
    reason = REVOCATION_REASONS.get(decision.reason or "")
    fraud = decision.action == "revoke" and reason is not None and reason.fraud
    if decision.description is not None and not fraud:
        return FieldError(
            "fraud_description",
            "not_fraud",
            "Describe fraud only when revoking for fraud (a forged_* reason, policy 三(二)1).",
            "仅在因弄虚作假撤销（forged_* 原因，三(二)1）时描述弄虚作假情形。",
        )
    if fraud and decision.reason == OTHER_FRAUD and not decision.description:
        return FieldError(
            "fraud_description",
            "description_required",
            "Other fraud must be described: the policy (三(二)1) lists six kinds and "
            "'other falsification' (等弄虚作假行为); say what was falsified.",
            "“其他弄虚作假”须说明弄虚作假的具体情形（三(二)1 列举六类并以“等弄虚作假行为”兜底）。",
        )
    return None


def _date_error(certificate: Certificate, decision: StatusDecision, today: dt.date):
    if decision.effective_date > today:
        return FieldError(
            "effective_date",
            "in_future",
            "Record the decision on or after the day it takes effect.",
            "请在决定生效之日或之后登记。",
        )
    if decision.effective_date < certificate.decision_date:
        return FieldError(
            "effective_date",
            "before_issue",
            "The date is before the certificate was approved.",
            "生效日期早于证书核准日期。",
        )
    return None


def _decision_number_error(session: Session, certificate: Certificate, decision: StatusDecision):
    if decision.action != "reinstate":
        return None
    revocation = _last_change(session, certificate, "revoke")
    if revocation is not None and revocation.decision_number == decision.decision_number:
        return FieldError(
            "decision_number",
            "same_as_revocation",
            "A reinstatement needs its own decision, not the revocation's number.",
            "恢复须有单独的决定文号，不能沿用撤销决定的文号。",
        )
    return None


def _field_errors(
    session: Session, certificate: Certificate, decision: StatusDecision, today: dt.date
) -> list[FieldError]:
    found = (
        _reason_error(decision),
        _date_error(certificate, decision, today),
        _decision_number_error(session, certificate, decision),
    )
    return [error for error in found if error is not None]


def change_status(
    session: Session,
    actor: Actor,
    serial_text: str,
    decision: StatusDecision,
    policy: StatusPolicy,
    now: dt.datetime,
) -> StatusChange:
    certificate = _locked_certificate(session, serial_text)
    allowed, to_status = ACTIONS[decision.action]
    if certificate.status not in allowed:
        en, zh = ACTION_WORDS[decision.action]
        raise ConflictError(
            f"Cannot {en} a certificate that is {certificate.status}.",
            f"证书当前状态为 {certificate.status}，不能{zh}。",
        )
    errors = _field_errors(session, certificate, decision, beijing_date(now))
    if errors:
        raise InvalidInputError(errors=errors)
    change = StatusChange(
        certificate_id=certificate.id,
        action=decision.action,
        from_status=certificate.status,
        to_status=to_status,
        reason=decision.reason
        or (SUSPENSION_REASON.code if decision.action == "suspend" else None),
        decision_number=decision.decision_number,
        effective_date=decision.effective_date,
        note=decision.note,
        actor=actor.label,
        at=now,
    )
    session.add(change)
    detail = _apply(session, certificate, change, policy, decision.description, now)
    project_certificate(
        session,
        certificate,
        policy.issuer.signer,
        now,
        (change.decision_number, change.effective_date),
    )
    record(
        session,
        actor,
        Change(
            f"certificate.{decision.action}",
            "certificate",
            certificate.serial,
            change.reason,
            detail,
        ),
        now,
    )
    # After record() holds the audit head, every earlier writer has committed: the lists
    # are built from all of their changes, and a later writer waits for ours.
    publish_status_lists(session, StatusListPublisher.of(policy.issuer), now)
    return change


def _apply(
    session, certificate, change: StatusChange, policy: StatusPolicy, description, now
) -> dict:
    """Change the certificate; the audit detail of what was done."""
    detail: dict[str, Any] = {
        "from": change.from_status,
        "to": change.to_status,
        "decision_number": change.decision_number,
        "effective_date": change.effective_date.isoformat(),
    }
    certificate.status = change.to_status
    certificate.status_reason = change.reason
    certificate.status_changed_at = now
    if change.action == "revoke":
        detail |= _revoked(session, certificate, change, policy, description, now)
    if change.action == "reinstate":
        detail["integrity_records_withdrawn"] = withdraw_for_certificate(
            session, certificate.serial, change.decision_number, change.actor, now
        )
        # The old index stays set in the revocation list (revocation there is final):
        # the reinstated certificate is signed again under a fresh index.
        change.retired_status_index = certificate.status_index
        certificate.status_index = None
        session.flush()
        certificate.status_index = allocate_status_indexes(session, 1)[0]
        resign_certificate(session, certificate, policy.issuer, now)
        detail["kid"] = certificate.kid
    session.flush()
    return detail


def _revoked(
    session: Session,
    certificate: Certificate,
    change: StatusChange,
    policy: StatusPolicy,
    description: str | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """A revoked title leaves the review queue; fraud goes into the integrity record
    (三(二)1) and sends the person's other titles to review."""
    session.flush()
    detail: dict[str, Any] = {}
    closed = close_for_revocation(session, certificate, change, now)
    if closed:
        detail["reviews_closed"] = closed
    reason = REVOCATION_REASONS[change.reason or ""]
    if not reason.fraud:
        return detail
    finding = FraudFinding(
        reason.code, change.decision_number, change.effective_date, description, change.note
    )
    integrity, opened = record_fraud(session, certificate, finding, policy.fraud_bar_years, now)
    detail["integrity_record"] = integrity.id
    detail["barred_until"] = integrity.barred_until.isoformat()
    detail["reviews_opened"] = opened
    return detail


def history(session: Session, certificate: Certificate) -> list[StatusChange]:
    return list(
        session.scalars(
            select(StatusChange)
            .where(StatusChange.certificate_id == certificate.id)
            .order_by(StatusChange.id)
        )
    )


def current_decision(session: Session, certificate: Certificate) -> StatusChange | None:
    """The decision the certificate's present status rests on: its latest status change,
    while that change led to the status it has (None for a certificate never changed)."""
    latest = session.scalars(
        select(StatusChange)
        .where(StatusChange.certificate_id == certificate.id)
        .order_by(StatusChange.id.desc())
        .limit(1)
    ).first()
    return latest if latest is not None and latest.to_status == certificate.status else None
