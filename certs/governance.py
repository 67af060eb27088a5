"""A committee's status over time, from the bureau's decisions (pure: no I/O).

The registry checks new decisions and issuance against it; verify computes the status
in force today from the same public history, so both always agree.

Decisions form one timeline ordered by effective date: a new one may not take effect
before the latest one already recorded, so "the status in force on a date" has a single
answer. Withdrawal (收回评审权) is final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

ACTIVE, SUSPENDED, WITHDRAWN = "active", "suspended", "withdrawn"

# action -> (status it leads to, statuses it may follow, Chinese name, English name)
ACTIONS: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "suspend": (SUSPENDED, (ACTIVE,), "暂停评审工作", "suspend review work"),
    "reinstate": (ACTIVE, (SUSPENDED,), "恢复评审工作", "reinstate"),
    "withdraw": (WITHDRAWN, (ACTIVE, SUSPENDED), "收回评审权", "withdraw authority"),
}
STATUS_NAMES: dict[str, tuple[str, str]] = {
    ACTIVE: ("正常", "Active"),
    SUSPENDED: ("暂停评审工作", "Suspended"),
    WITHDRAWN: ("已收回评审权", "Authority withdrawn"),
}


class Decision(Protocol):
    action: str
    status: str
    effective_date: dt.date


# Whatever kind of decision goes in (a model, a projection row) comes back out.
DecisionT = TypeVar("DecisionT", bound=Decision)


@dataclass(frozen=True)
class TransitionError:
    code: str
    message: str
    message_zh: str


def ordered(decisions: Iterable[DecisionT]) -> list[DecisionT]:
    # Stable sort: decisions on the same day keep the order they were recorded in.
    return sorted(decisions, key=lambda d: d.effective_date)


def status_on(decisions: Iterable[DecisionT], on: dt.date) -> tuple[str, DecisionT | None]:
    """The status in force on ``on`` and the decision that set it (None: never changed)."""
    current: DecisionT | None = None
    for decision in ordered(decisions):
        if decision.effective_date > on:
            break
        current = decision
    return (current.status if current else ACTIVE), current


def check_transition(
    decisions: Iterable[Decision], action: str, effective_date: dt.date
) -> TransitionError | None:
    """Why ``action`` from ``effective_date`` cannot follow the recorded decisions, if so."""
    timeline = ordered(decisions)
    last = timeline[-1] if timeline else None
    status = last.status if last else ACTIVE
    if status == WITHDRAWN:
        return TransitionError(
            "authority_withdrawn",
            "The committee's authority was withdrawn; no decision can follow that.",
            "该评审委员会的评审权已被收回，此后不能再作任何决定。",
        )
    if last is not None and effective_date < last.effective_date:
        when = last.effective_date.isoformat()
        return TransitionError(
            "before_latest_decision",
            f"The effective date is before the latest decision's ({when}).",
            f"生效日期早于最近一项决定的生效日期（{when}）。",
        )
    _target, allowed_from, name_zh, name_en = ACTIONS[action]
    if status not in allowed_from:
        now_zh, now_en = STATUS_NAMES[status]
        return TransitionError(
            f"cannot_{action}",
            f"Cannot {name_en} a committee whose status is {now_en.lower()}.",
            f"该评审委员会当前状态为“{now_zh}”，不能{name_zh}。",
        )
    return None


def status_after(action: str) -> str:
    return ACTIONS[action][0]
