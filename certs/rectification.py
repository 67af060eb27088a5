"""Orders to rectify (责令限期整改), the first step of the escalation in 三(四)4 (pure: no I/O).

The policy: 因评审工作把关不严、程序不规范，造成投诉较多、争议较大的，将责令其限期整改；对整改无明显
改善或逾期不予整改的，暂停其评审工作直至收回评审权. An order is a dated, public decision with a
deadline; it is not a status: the committee keeps its authority while it rectifies. An order
ends when the bureau accepts the rectification, when it escalates to a suspension
(暂停评审工作), or when the committee's authority is withdrawn (收回评审权). Until then, an
order whose deadline has passed is overdue.

The registry checks new orders and their endings against these rules; verify computes
each order's standing today from the same public record, so both always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from certs.errors import FieldError
from certs.governance import SUSPENDED, WITHDRAWN, Decision, ordered, status_on

CLAUSE = "三(四)4"

# The causes the clause names, in its words (因评审工作把关不严、程序不规范).
GROUNDS: dict[str, tuple[str, str]] = {
    "lax_review": ("评审工作把关不严", "lax scrutiny in review work"),
    "irregular_procedure": ("程序不规范", "irregular review procedure"),
}

# An order's standing: open or overdue until it ends; then how it ended.
OPEN, OVERDUE = "open", "overdue"
RECTIFIED, ESCALATED, SUPERSEDED = "rectified", "escalated", "withdrawn"
OUTCOMES = (RECTIFIED, ESCALATED, SUPERSEDED)
STANDING_NAMES: dict[str, tuple[str, str]] = {
    OPEN: ("限期整改中", "Ordered to rectify by the deadline"),
    OVERDUE: ("逾期未整改", "Overdue: not rectified by the deadline"),
    RECTIFIED: ("已完成整改", "Rectified"),
    ESCALATED: ("整改未果，暂停评审工作", "Not rectified: review work suspended"),
    SUPERSEDED: ("评审权已收回", "Authority withdrawn"),
}


class Order(Protocol):
    decision_number: str
    decision_date: dt.date
    deadline: dt.date
    outcome: str | None
    closed_on: dt.date | None


def standing(order: Order, today: dt.date) -> str:
    """How the order stands on ``today``: the deadline is the last day to rectify."""
    if order.outcome is not None:
        return order.outcome
    return OVERDUE if today > order.deadline else OPEN


OrderT = TypeVar("OrderT", bound=Order)


def open_order(orders: Iterable[OrderT]) -> OrderT | None:
    return next((order for order in orders if order.outcome is None), None)


def order_date_errors(
    decision_date: dt.date, deadline: dt.date, today: dt.date
) -> list[FieldError]:
    """What is wrong with a new order's dates (empty: nothing)."""
    errors = []
    if decision_date > today:
        errors.append(_in_future("decision_date", "the order", "责令限期整改", today))
    if deadline <= decision_date:
        when = decision_date.isoformat()
        errors.append(
            FieldError(
                "deadline",
                "deadline_not_after_decision",
                f"The deadline of an order to rectify (限期整改, {CLAUSE}) must fall after "
                f"its decision date ({when}).",
                f"限期整改（{CLAUSE}）的整改期限须晚于决定日期（{when}）。",
            )
        )
    return errors


def order_conflict(
    decisions: Iterable[Decision], orders: Iterable[Order], decision_date: dt.date
) -> FieldError | None:
    """Why the bureau cannot order this committee to rectify from ``decision_date``, if so:
    its authority was withdrawn, its review work is suspended that day (the order comes
    before a suspension, not during one), or an earlier order is still open."""
    timeline = ordered(decisions)
    if timeline and timeline[-1].status == WITHDRAWN:
        return FieldError(
            "code",
            "authority_withdrawn",
            f"The committee's authority was withdrawn (收回评审权, {CLAUSE}); it cannot be "
            "ordered to rectify.",
            f"该评审委员会已被收回评审权（{CLAUSE}），不能再责令其限期整改。",
        )
    status, suspension = status_on(timeline, decision_date)
    if status == SUSPENDED and suspension is not None:
        since = suspension.effective_date.isoformat()
        return FieldError(
            "decision_date",
            "committee_suspended",
            f"The committee's review work is suspended from {since}: under {CLAUSE} an order "
            "to rectify comes before a suspension, not during one.",
            f"该评审委员会自 {since} 起暂停评审工作；按{CLAUSE}，责令限期整改在暂停评审工作之前，"
            "不在暂停期间。",
        )
    pending = open_order(orders)
    if pending is not None:
        number = pending.decision_number
        return FieldError(
            "code",
            "order_open",
            f"An order to rectify ({number}) is still open: the bureau closes it as rectified "
            f"or escalates it to a suspension ({CLAUSE}) before ordering again.",
            f"责令限期整改（{number}）尚未了结：须先认定整改完成或暂停评审工作（{CLAUSE}），"
            "才能再次责令整改。",
        )
    return _before_latest_order(orders, decision_date)


def _before_latest_order(orders: Iterable[Order], decision_date: dt.date) -> FieldError | None:
    ends = [order.closed_on or order.decision_date for order in orders]
    latest = max(ends, default=None)
    if latest is None or decision_date >= latest:
        return None
    when = latest.isoformat()
    return FieldError(
        "decision_date",
        "before_latest_order",
        f"The decision date is before the end of the previous order to rectify ({when}, {CLAUSE}).",
        f"决定日期早于上一次责令限期整改的了结日期（{when}，{CLAUSE}）。",
    )


def closing_errors(
    order: Order, field: str, on: dt.date, today: dt.date, *, may_be_future: bool = False
) -> list[FieldError]:
    """What is wrong with ending ``order`` by a decision dated (or taking effect) ``on``.
    A rectification is accepted by a decision already taken; a suspension may take effect
    later, as every suspension may."""
    errors = []
    if not may_be_future and on > today:
        errors.append(_in_future(field, "the acceptance", "认定整改完成", today))
    if on < order.decision_date:
        when = order.decision_date.isoformat()
        errors.append(
            FieldError(
                field,
                "before_order",
                f"The date is before the order to rectify was made ({when}, {CLAUSE}).",
                f"日期早于责令限期整改的决定日期（{when}，{CLAUSE}）。",
            )
        )
    return errors


def closed_conflict(order: Order) -> FieldError | None:
    """An order ends once."""
    if order.outcome is None:
        return None
    name_zh, name_en = STANDING_NAMES[order.outcome]
    return FieldError(
        "order_id",
        "order_closed",
        f"This order to rectify ({CLAUSE}) has already ended: {name_en.lower()}.",
        f"该责令限期整改（{CLAUSE}）已了结：{name_zh}。",
    )


def _in_future(field: str, what_en: str, what_zh: str, today: dt.date) -> FieldError:
    return FieldError(
        field,
        "decision_in_future",
        f"The date of {what_en} ({CLAUSE}) cannot be after today ({today.isoformat()}): it "
        "records a decision already taken.",
        f"{what_zh}（{CLAUSE}）的决定日期不能晚于今天（{today.isoformat()}）：登记的是已作出的决定。",
    )
