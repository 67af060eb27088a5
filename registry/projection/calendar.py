"""The public copy of the working-day calendar's years: which years it covers and the
State Council notice each comes from. verify reads the last year to warn in time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from registry.calendar.models import CalendarYear
from registry.projection.models import PublicCalendarYear


def publish_year(session: Session, year: CalendarYear, now: dt.datetime) -> None:
    public = session.get(PublicCalendarYear, year.year) or PublicCalendarYear(year=year.year)
    public.source_title = year.source_title
    public.source_number = year.source_number
    public.source_url = year.source_url
    public.published_at = now
    session.add(public)
