"""A committee's status over time, computed from the bureau's decisions (pure)."""

import datetime as dt
from dataclasses import dataclass

from certs.dates import beijing_date
from certs.governance import check_transition, status_after, status_on

D = dt.date


@dataclass
class Decision:
    action: str
    effective_date: dt.date

    @property
    def status(self) -> str:
        return status_after(self.action)


HISTORY = [Decision("suspend", D(2026, 3, 1)), Decision("reinstate", D(2026, 6, 1))]


def test_the_status_in_force_follows_the_effective_dates():
    assert status_on(HISTORY, D(2026, 2, 28)) == ("active", None)
    assert status_on(HISTORY, D(2026, 3, 1))[0] == "suspended"
    assert status_on(HISTORY, D(2026, 5, 31))[1] is HISTORY[0]
    assert status_on(HISTORY, D(2026, 6, 1))[0] == "active"
    assert status_on([], D(2026, 1, 1)) == ("active", None)


def test_decisions_on_one_day_apply_in_the_order_recorded():
    same_day = [Decision("suspend", D(2026, 3, 1)), Decision("withdraw", D(2026, 3, 1))]
    assert status_on(same_day, D(2026, 3, 1))[0] == "withdrawn"


def test_transitions_that_cannot_follow_are_refused():
    assert check_transition([], "reinstate", D(2026, 1, 1)).code == "cannot_reinstate"
    assert check_transition([], "suspend", D(2026, 1, 1)) is None
    assert check_transition(HISTORY, "suspend", D(2026, 5, 1)).code == "before_latest_decision"
    assert check_transition(HISTORY, "withdraw", D(2026, 6, 1)) is None
    withdrawn = [*HISTORY, Decision("withdraw", D(2026, 7, 1))]
    for action in ("suspend", "reinstate", "withdraw"):
        problem = check_transition(withdrawn, action, D(2027, 1, 1))
        assert problem.code == "authority_withdrawn" and problem.message_zh


def test_dates_are_beijing_calendar_dates():
    late_utc = dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC)
    assert beijing_date(late_utc) == D(2026, 12, 1)
