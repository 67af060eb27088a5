"""Years of work counted to the day, as the annex's 满N年 means them.

Work from a start date is 满N年 on the N-th anniversary of that start; an anniversary of
29 February falls on 28 February in a year without one. Work with gaps counts its days: the
periods (merged where they overlap, cut to what lies after the date the clause counts from
and before the reference date) are laid end to end back from the reference date, and the
count holds when the anniversary of where they would then begin is on or before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from certs.eligibility.facts import WorkPeriod

ONE_DAY = dt.timedelta(days=1)


def anniversary(start: dt.date, years: int) -> dt.date:
    """``start`` moved on ``years`` years; 29 February becomes 28 February if need be."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class Counted:
    days: int
    whole_years: int
    remaining_days: int  # days past the last whole year

    def reaches(self, years: int) -> bool:
        return self.whole_years >= years and (years > 0 or self.days > 0)

    @property
    def text_zh(self) -> str:
        return f"{self.whole_years}年{self.remaining_days}天"

    @property
    def text_en(self) -> str:
        return f"{self.whole_years} years {self.remaining_days} days"


def count(periods: Iterable[WorkPeriod], since: dt.date, reference: dt.date) -> Counted:
    """The work in ``periods`` from ``since`` up to ``reference``, each period's end day
    included, the reference day not (on the anniversary itself the years are complete)."""
    spans = []
    for period in periods:
        start = max(period.start, since)
        end = reference if period.end is None else min(period.end + ONE_DAY, reference)
        if start < end:
            spans.append((start, end))
    spans.sort()
    days = 0
    reach: dt.date | None = None
    for start, end in spans:
        if reach is not None and start < reach:
            start = reach
        if start < end:
            days += (end - start).days
            reach = end
    begin = reference - dt.timedelta(days=days)
    whole = reference.year - begin.year
    if anniversary(begin, whole) > reference:
        whole -= 1
    return Counted(days, whole, (reference - anniversary(begin, whole)).days)
