"""Orders to rectify (责令限期整改, policy 三(四)4): the bureau records them and accepts the
rectification; an order also ends when it escalates to a suspension (controls.py) or when
the committee's authority is withdrawn. The rules are in certs/rectification.py; the public
record is written in the same transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs import rectification as rules
from certs.dates import beijing_date
from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from registry.audit.services import Actor, Change, record
from registry.committees.authority import status_history
from registry.committees.models import Committee, CommitteeStatusChange, RectificationOrder
from registry.projection.catalogue import project_rectification_order


def orders_of(session: Session, committee: Committee) -> list[RectificationOrder]:
    """The committee's orders to rectify, in the order they were made."""
    return list(
        session.scalars(
            select(RectificationOrder)
            .where(RectificationOrder.committee_id == committee.id)
            .order_by(RectificationOrder.id)
        )
    )


def find_order(session: Session, committee: Committee, order_id: int) -> RectificationOrder:
    order = session.get(RectificationOrder, order_id)
    if order is None or order.committee_id != committee.id:
        raise NotFoundError(
            f"Committee {committee.code} has no order to rectify {order_id}.",
            f"评审委员会 {committee.code} 没有编号为 {order_id} 的责令限期整改。",
        )
    return order


def order_record(order: RectificationOrder, today: dt.date) -> dict:
    """The order with how it stands on ``today`` (open, overdue, or how it ended)."""
    found = {field: getattr(order, field) for field in _FIELDS}
    found["standing"] = rules.standing(order, today)
    return found


_FIELDS = (
    "id",
    "decision_number",
    "decision_date",
    "deadline",
    "grounds",
    "reason",
    "recorded_at",
    "recorded_by",
    "outcome",
    "closed_on",
    "closing_decision_number",
    "closing_reason",
)


def open_order_record(session: Session, committee: Committee, today: dt.date) -> dict | None:
    pending = rules.open_order(orders_of(session, committee))
    return order_record(pending, today) if pending else None


def order_rectification(
    session: Session, actor: Actor, committee: Committee, data: dict, now: dt.datetime
) -> RectificationOrder:
    """Record the bureau's order to rectify by a deadline; the committee keeps its authority."""
    # One order at a time: two orders made at the same moment wait on the committee's row
    # (PostgreSQL; SQLite's write transactions are serial already), so the second sees the first.
    session.execute(select(Committee.id).where(Committee.id == committee.id).with_for_update())
    _refuse(
        rules.order_conflict(
            status_history(session, committee), orders_of(session, committee), data["decision_date"]
        ),
        rules.order_date_errors(data["decision_date"], data["deadline"], beijing_date(now)),
    )
    order = RectificationOrder(
        committee_id=committee.id,
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
        deadline=data["deadline"],
        grounds=list(dict.fromkeys(data["grounds"])),
        reason=data["reason"],
        recorded_at=now,
        recorded_by=actor.label,
    )
    session.add(order)
    session.flush()
    project_rectification_order(session, committee, order)
    detail = {
        "order_id": order.id,
        "decision_number": order.decision_number,
        "decision_date": order.decision_date.isoformat(),
        "deadline": order.deadline.isoformat(),
        "grounds": order.grounds,
    }
    change = Change(
        "committee.rectification_order", "committee", committee.code, order.reason, detail
    )
    record(session, actor, change, now)
    return order


def accept_rectification(
    session: Session,
    actor: Actor,
    committee: Committee,
    order: RectificationOrder,
    data: dict,
    now: dt.datetime,
) -> RectificationOrder:
    """The bureau finds the committee has rectified: the order ends, by a dated decision."""
    _refuse(
        rules.closed_conflict(order),
        rules.closing_errors(order, "decision_date", data["decision_date"], beijing_date(now)),
    )
    _close(order, rules.RECTIFIED, data["decision_date"], data["decision_number"], data["reason"])
    _record_end(session, actor, committee, order, now)
    return order


def refuse_escalation(order: RectificationOrder, effective_date: dt.date, now: dt.datetime) -> None:
    """Why this order cannot end in a suspension from ``effective_date``, if so; the
    suspension's own rules are checked when it is recorded."""
    _refuse(
        rules.closed_conflict(order),
        rules.closing_errors(
            order, "effective_date", effective_date, beijing_date(now), may_be_future=True
        ),
    )


def mark_escalated(
    session: Session,
    actor: Actor,
    committee: Committee,
    order: RectificationOrder,
    suspension: CommitteeStatusChange,
    now: dt.datetime,
) -> None:
    """The order ends in the suspension of the committee's review work."""
    _close(
        order,
        rules.ESCALATED,
        suspension.effective_date,
        suspension.decision_number,
        suspension.reason,
    )
    order.status_change_id = suspension.id
    _record_end(session, actor, committee, order, now)


def end_on_withdrawal(
    session: Session,
    actor: Actor,
    committee: Committee,
    withdrawal: CommitteeStatusChange,
    now: dt.datetime,
) -> None:
    """Withdrawing the committee's authority (收回评审权) ends an order still open."""
    order = rules.open_order(orders_of(session, committee))
    if order is None:
        return
    _close(
        order,
        rules.SUPERSEDED,
        withdrawal.effective_date,
        withdrawal.decision_number,
        withdrawal.reason,
    )
    order.status_change_id = withdrawal.id
    _record_end(session, actor, committee, order, now)


def _close(
    order: RectificationOrder, outcome: str, on: dt.date, decision_number: str, reason: str
) -> None:
    order.outcome, order.closed_on = outcome, on
    order.closing_decision_number, order.closing_reason = decision_number, reason


def _record_end(
    session: Session,
    actor: Actor,
    committee: Committee,
    order: RectificationOrder,
    now: dt.datetime,
) -> None:
    order.closed_at, order.closed_by = now, actor.label
    session.flush()
    project_rectification_order(session, committee, order)
    detail = {
        "order_id": order.id,
        "outcome": order.outcome,
        "closed_on": order.closed_on.isoformat() if order.closed_on else None,
        "decision_number": order.closing_decision_number,
    }
    change = Change(
        "committee.rectification_end", "committee", committee.code, order.closing_reason, detail
    )
    record(session, actor, change, now)


def _refuse(conflict: FieldError | None, errors: list[FieldError]) -> None:
    """A conflict with what is recorded is a 409; wrong dates, a 422. Nothing is written."""
    if conflict is not None:
        raise ConflictError(conflict.message, conflict.message_zh, errors=[conflict])
    if errors:
        raise InvalidInputError(errors=errors)
