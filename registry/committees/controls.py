"""The bureau's controls over review committees: status decisions and authority."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from certs.errors import ConflictError, FieldError, ForbiddenError, InvalidInputError, NotFoundError
from certs.governance import WITHDRAWN, check_transition, status_after
from registry.audit.services import Actor, Change, record
from registry.clients.models import ApiClient
from registry.committees import rectification
from registry.committees.authority import committee_status_on, forget_history, status_history
from registry.committees.models import Committee, CommitteeStatusChange, RectificationOrder
from registry.committees.services import committee_by_code, specialty_by_code
from registry.projection.catalogue import project_committee, project_status_change

AUTHORITY_FIELDS = ("levels", "specialties", "valid_from", "valid_to")


def find_committee(session: Session, code: str) -> Committee:
    committee = committee_by_code(session, code)
    if committee is None:
        raise NotFoundError(f"No committee {code}.", f"没有代码为 {code} 的评审委员会。")
    return committee


def readable_committee(session: Session, client: ApiClient, code: str) -> Committee:
    """The bureau reads any committee; a committee token only its own."""
    committee = find_committee(session, code)
    if client.role == "committee" and client.committee_id != committee.id:
        raise ForbiddenError(
            "A committee token may read only its own committee.",
            "评审委员会令牌只能查看本委员会的记录。",
        )
    return committee


def committee_record(session: Session, committee: Committee, on: dt.date) -> dict:
    """The committee with the status in force on ``on``."""
    status, decision = committee_status_on(session, committee, on)
    record_ = {field: getattr(committee, field) for field in _RECORD_FIELDS}
    record_["status"] = status
    record_["status_since"] = decision.effective_date if decision else None
    record_["status_decision_number"] = decision.decision_number if decision else None
    record_["open_rectification_order"] = rectification.open_order_record(session, committee, on)
    return record_


_RECORD_FIELDS: tuple[str, ...] = ("code", "name_zh", "name_en", "organisation", "filing_number")


_RECORD_FIELDS += AUTHORITY_FIELDS


def change_status(
    session: Session, actor: Actor, committee: Committee, data: dict, now: dt.datetime
) -> CommitteeStatusChange:
    """Record a suspension, reinstatement or withdrawal, effective on its date."""
    problem = check_transition(
        status_history(session, committee), data["action"], data["effective_date"]
    )
    if problem is not None:
        raise ConflictError(problem.message, problem.message_zh)
    change = CommitteeStatusChange(
        committee_id=committee.id,
        action=data["action"],
        status=status_after(data["action"]),
        effective_date=data["effective_date"],
        decision_number=data["decision_number"],
        reason=data["reason"],
        recorded_at=now,
        recorded_by=actor.label,
    )
    session.add(change)
    # The column mirrors the latest decision; what is in force on a date comes from history.
    committee.status = change.status
    session.flush()
    forget_history(session, committee)
    project_status_change(session, committee, change)
    detail = {
        "status": change.status,
        "effective_date": change.effective_date.isoformat(),
        "decision_number": change.decision_number,
    }
    record(
        session,
        actor,
        Change(f"committee.{change.action}", "committee", committee.code, data["reason"], detail),
        now,
    )
    if change.status == WITHDRAWN:
        rectification.end_on_withdrawal(session, actor, committee, change, now)
    return change


def escalate_order(
    session: Session,
    actor: Actor,
    committee: Committee,
    order: RectificationOrder,
    data: dict,
    now: dt.datetime,
) -> RectificationOrder:
    """The order to rectify failed (整改无明显改善或逾期不予整改, 三(四)4): suspend the
    committee's review work from a date; the suspension and the order's end in one
    transaction, each refused as it would be alone."""
    rectification.refuse_escalation(order, data["effective_date"], now)
    suspension = change_status(session, actor, committee, {"action": "suspend", **data}, now)
    rectification.mark_escalated(session, actor, committee, order, suspension, now)
    return order


def change_authority(
    session: Session, actor: Actor, committee: Committee, data: dict, now: dt.datetime
) -> Committee:
    """Change the levels, specialties or period a committee may review."""
    new = {field: data[field] for field in AUTHORITY_FIELDS if field in data}
    _check_specialties(session, new.get("specialties", []))
    valid_from = new.get("valid_from", committee.valid_from)
    valid_to = new.get("valid_to", committee.valid_to)
    if valid_to is not None and valid_to < valid_from:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "valid_to",
                    "invalid_period",
                    "valid_to is before valid_from.",
                    "有效期结束早于开始。",
                )
            ]
        )
    before = {field: _plain(getattr(committee, field)) for field in new}
    for field, value in new.items():
        setattr(committee, field, value)
    session.flush()
    project_committee(session, committee, now)
    detail = {"before": before, "after": {field: _plain(value) for field, value in new.items()}}
    record(
        session,
        actor,
        Change("committee.authority", "committee", committee.code, data["reason"], detail),
        now,
    )
    forget_history(session, committee)  # its scope on past days is read from that record
    return committee


def _check_specialties(session: Session, codes: list[str]) -> None:
    unknown = [code for code in codes if specialty_by_code(session, code) is None]
    if unknown:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "specialties",
                    "unknown_specialty",
                    f"Not in the specialty catalogue: {', '.join(unknown)}.",
                    f"不在职称专业目录中：{'、'.join(unknown)}。",
                )
            ]
        )


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return list(value) if isinstance(value, list) else value
