"""Orders to rectify (责令限期整改, 三(四)4): how they stand over time, what may follow."""

import datetime as dt
from dataclasses import dataclass

from certs.governance import status_after
from certs.rectification import (
    closed_conflict,
    closing_errors,
    order_conflict,
    order_date_errors,
    standing,
)

D = dt.date


@dataclass
class Order:
    decision_number: str
    decision_date: dt.date
    deadline: dt.date
    outcome: str | None = None
    closed_on: dt.date | None = None


@dataclass
class Decision:
    action: str
    effective_date: dt.date

    @property
    def status(self) -> str:
        return status_after(self.action)


ORDER = Order("京人社职字〔2026〕30号", D(2026, 3, 1), D(2026, 4, 30))


def test_an_order_is_open_to_its_deadline_then_overdue_until_it_ends():
    assert standing(ORDER, D(2026, 3, 1)) == "open"
    assert standing(ORDER, D(2026, 4, 30)) == "open"
    assert standing(ORDER, D(2026, 5, 1)) == "overdue"
    ended = Order(ORDER.decision_number, ORDER.decision_date, ORDER.deadline, "rectified")
    assert standing(ended, D(2027, 1, 1)) == "rectified"


def test_an_order_needs_a_deadline_after_its_date_and_a_date_not_in_the_future():
    today = D(2026, 3, 10)
    assert order_date_errors(D(2026, 3, 1), D(2026, 3, 2), today) == []
    codes = [e.code for e in order_date_errors(D(2026, 3, 11), D(2026, 3, 11), today)]
    assert codes == ["decision_in_future", "deadline_not_after_decision"]


def test_an_order_comes_before_a_suspension_not_during_it_and_never_after_withdrawal():
    suspended = [Decision("suspend", D(2026, 6, 1))]
    assert order_conflict(suspended, [], D(2026, 5, 31)) is None
    assert order_conflict(suspended, [], D(2026, 6, 1)).code == "committee_suspended"
    reinstated = [*suspended, Decision("reinstate", D(2026, 7, 1))]
    assert order_conflict(reinstated, [], D(2026, 7, 1)) is None
    withdrawn = [Decision("withdraw", D(2027, 1, 1))]
    assert order_conflict(withdrawn, [], D(2026, 3, 1)).code == "authority_withdrawn"


def test_one_order_at_a_time_and_in_date_order():
    assert order_conflict([], [ORDER], D(2026, 6, 1)).code == "order_open"
    ended = Order("1", D(2026, 3, 1), D(2026, 4, 30), "rectified", D(2026, 4, 20))
    assert order_conflict([], [ended], D(2026, 4, 19)).code == "before_latest_order"
    assert order_conflict([], [ended], D(2026, 4, 20)) is None


def test_an_order_ends_once_on_or_after_its_date():
    today = D(2026, 3, 10)
    assert closing_errors(ORDER, "decision_date", D(2026, 3, 1), today) == []
    assert [e.code for e in closing_errors(ORDER, "decision_date", D(2026, 2, 28), today)] == [
        "before_order"
    ]
    assert [e.code for e in closing_errors(ORDER, "decision_date", D(2026, 3, 11), today)] == [
        "decision_in_future"
    ]
    later = closing_errors(ORDER, "effective_date", D(2026, 3, 11), today, may_be_future=True)
    assert later == []
    assert closed_conflict(ORDER) is None
    ended = Order("1", D(2026, 3, 1), D(2026, 4, 30), "escalated", D(2026, 5, 2))
    assert closed_conflict(ended).code == "order_closed"
    assert "三(四)4" in closed_conflict(ended).message_zh
