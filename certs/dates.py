"""Dates and times, one place: the Beijing calendar day, ISO 8601 in UTC, VC timestamps.

Nothing here reads the clock: every function is handed the moment it speaks of.
Decisions, notices and catalogue dates are Beijing calendar dates; China keeps UTC+8 all
year, so a fixed offset is exact.
"""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC time; a naive time (SQLite gives those back) is taken as UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def beijing_date(now: dt.datetime) -> dt.date:
    """The calendar date in Beijing at the moment ``now`` (an aware time)."""
    return now.astimezone(BEIJING).date()


def iso_utc(moment: dt.datetime, precise: bool = False) -> str:
    """ISO 8601 in UTC with a ``Z``; whole seconds unless ``precise``."""
    moment = as_utc(moment)
    return (moment if precise else moment.replace(microsecond=0)).isoformat().replace("+00:00", "Z")


def vc_timestamp(moment: dt.datetime) -> str:
    """A VC ``validFrom``: UTC, whole seconds, ``Z`` (the data model's dateTimeStamp)."""
    return iso_utc(moment)
