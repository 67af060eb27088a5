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
from typing import NamedTuple

from certs.eligibility.facts import WorkPeriod

ONE_DAY = dt.timedelta(days=1)


def anniversary(start: dt.date, years: int) -> dt.date:
    """``start`` moved on ``years`` years; 29 February becomes 28 February if need be."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


class Counted(NamedTuple):
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
    last = reference.toordinal()  # days as ordinals: the end of each span excluded
    first = since.toordinal()
    spans = []
    for period in periods:
        start = max(period.start.toordinal(), first)
        end = last if period.end is None else min(period.end.toordinal() + 1, last)
        if start < end:
            spans.append((start, end))
    spans.sort()
    days = 0
    reach = first
    for start, end in spans:
        start = max(start, reach)
        if start < end:
            days += end - start
            reach = end
    begin = dt.date.fromordinal(last - days)
    whole = reference.year - begin.year
    completed = anniversary(begin, whole)
    if completed > reference:
        whole -= 1
        completed = anniversary(begin, whole)
    return Counted(days, whole, last - completed.toordinal())
