"""Keeping the working-day calendar: add a year, correct one, read it.

A year is added whole, from the State Council's notice for it, and only as the year after
the last one, so the calendar never has a gap. A correction replaces a year's days or its
source with a reason, but never a day before today: the calendar as it counted past
notices stays as it was. Every change is in the audit trail and the public projection,
in the same transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from certs.dates import beijing_date
from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from certs.workdays import WorkingCalendar, YearArrangement, arrangement_errors
from registry.audit.services import Actor, Change, record
from registry.calendar.models import HOLIDAY, WORKDAY, CalendarDay, CalendarYear
from registry.projection.calendar import publish_year

# session.info key of the calendar read in the current transaction.
_CACHE = "registry.calendar"


def working_calendar(session: Session) -> WorkingCalendar:
    """The calendar as the database holds it, read once per transaction (a batch
    submission and every batch of a listing share one read); a change drops it."""
    cached = session.info.get(_CACHE)
    if cached is not None and cached[0] is session.get_transaction():
        return cached[1]
    years = {
        row.year: (row.source_title, row.source_number)
        for row in session.execute(
            select(CalendarYear.year, CalendarYear.source_title, CalendarYear.source_number)
        )
    }
    days: dict[int, dict[str, set[dt.date]]] = {y: {HOLIDAY: set(), WORKDAY: set()} for y in years}
    for row in session.execute(select(CalendarDay.year, CalendarDay.day, CalendarDay.kind)):
        days[row.year][row.kind].add(row.day)
    calendar = WorkingCalendar.of_years(
        YearArrangement(
            year,
            frozenset(days[year][HOLIDAY]),
            frozenset(days[year][WORKDAY]),
            f"{title}（{number}）" if number else title,
        )
        for year, (title, number) in years.items()
    )
    session.info[_CACHE] = (session.get_transaction(), calendar)
    return calendar


def list_years(session: Session) -> list[CalendarYear]:
    statement = select(CalendarYear).options(selectinload(CalendarYear.days))
    return list(session.scalars(statement.order_by(CalendarYear.year)))


def get_year(session: Session, year: int) -> CalendarYear:
    found = session.get(CalendarYear, year, options=[selectinload(CalendarYear.days)])
    if found is None:
        raise NotFoundError(
            f"The calendar holds no year {year}.", f"工作日历中没有 {year} 年的安排。"
        )
    return found


def add_year(
    session: Session, actor: Actor, data: dict, now: dt.datetime, reason: str | None = None
) -> CalendarYear:
    """Add the year after the calendar's last one (any year when it holds none)."""
    year = data["year"]
    if session.get(CalendarYear, year) is not None:
        raise ConflictError(
            f"The calendar already holds {year}; correct it with PUT "
            f"/api/v1/calendar/years/{year} and a reason.",
            f"工作日历已有 {year} 年的安排；如需更正，请使用 PUT /api/v1/calendar/years/{year} "
            "并说明理由。",
        )
    errors = _not_next(session, year) + arrangement_errors(year, data["holidays"], data["workdays"])
    if errors:
        raise InvalidInputError(errors=errors)
    row = CalendarYear(
        year=year,
        **_source_columns(data["source"]),
        added_at=now,
        added_by=actor.label,
        days=_days(year, data),
    )
    try:
        with session.begin_nested():  # the same year added at the same moment
            session.add(row)
    except IntegrityError:
        raise ConflictError(
            f"{year} was added at the same moment; read the calendar again.",
            f"{year} 年的安排刚被同时录入，请重新读取工作日历。",
        ) from None
    detail = {**_described(row), "covers_to": f"{year}-12-31"}
    change = Change("calendar.add_year", "calendar_year", str(year), reason, detail)
    record(session, actor, change, now)
    publish_year(session, row, now)
    session.info.pop(_CACHE, None)
    return row


def correct_year(
    session: Session, actor: Actor, year: int, data: dict, now: dt.datetime
) -> CalendarYear:
    """Replace a year's days and source (a corrected notice, a typing error); days before
    today stay as they were."""
    row = get_year(session, year)
    errors = arrangement_errors(year, data["holidays"], data["workdays"])
    if errors:
        raise InvalidInputError(errors=errors)
    changed = {(day.day, day.kind) for day in row.days} ^ _pairs(data)
    _refuse_past_changes(changed, beijing_date(now))
    source = _source_columns(data["source"])
    if not changed and source == _source_columns(row.source):
        raise InvalidInputError(
            errors=[
                FieldError(
                    "body",
                    "no_change",
                    "The correction changes nothing.",
                    "本次更正没有改变任何内容。",
                )
            ]
        )
    old = _described(row)
    for column, value in source.items():
        setattr(row, column, value)
    row.days = _days(year, data)
    row.corrected_at, row.corrected_by = now, actor.label
    session.flush()
    detail = {"before": old, "after": _described(row)}
    change = Change("calendar.correct_year", "calendar_year", str(year), data["reason"], detail)
    record(session, actor, change, now)
    publish_year(session, row, now)
    session.info.pop(_CACHE, None)
    return row


def load_years(
    session: Session, actor: Actor, years: list[dict], now: dt.datetime, reason: str
) -> list[CalendarYear]:
    """Add, in order, each year the calendar does not hold yet; [] when it holds them all."""
    held = set(session.scalars(select(CalendarYear.year)))
    return [
        add_year(session, actor, data, now, reason)
        for data in sorted(years, key=lambda data: data["year"])
        if data["year"] not in held
    ]


def _not_next(session: Session, year: int) -> list[FieldError]:
    last = session.scalar(select(CalendarYear.year).order_by(CalendarYear.year.desc()).limit(1))
    if last is None or year == last + 1:
        return []
    return [
        FieldError(
            "year",
            "not_the_next_year",
            f"The calendar runs to the end of {last}; the next year to add is {last + 1}: "
            "years follow one another without a gap.",
            f"工作日历现至 {last} 年底，下一个应录入的是 {last + 1} 年："
            "各年份须连续录入，不得留空。",
        )
    ]


def _refuse_past_changes(changed: set[tuple[dt.date, str]], today: dt.date) -> None:
    past = sorted((day, kind) for day, kind in changed if day < today)
    if past:
        listed = ", ".join(sorted({str(day) for day, _kind in past}))
        raise InvalidInputError(
            errors=[
                FieldError(
                    "holidays" if past[0][1] == HOLIDAY else "workdays",
                    "past_day",
                    f"{listed}: a day before today ({today}) is not changed; past notices "
                    "were counted with it as it stands.",
                    f"{listed}：今天（{today}）之前的日期不可更改，已有公示期是按现有安排计算的。",
                )
            ]
        )


def _source_columns(source: dict) -> dict[str, str | None]:
    return {
        "source_title": source["title"],
        "source_number": source.get("number"),
        "source_url": source.get("url"),
    }


def _pairs(data: dict) -> set[tuple[dt.date, str]]:
    return {(day, HOLIDAY) for day in data["holidays"]} | {
        (day, WORKDAY) for day in data["workdays"]
    }


def _days(year: int, data: dict) -> list[CalendarDay]:
    return [CalendarDay(day=day, year=year, kind=kind) for day, kind in sorted(_pairs(data))]


def _described(row: CalendarYear) -> dict:
    return {
        "source": row.source,
        "holidays": [str(day) for day in sorted(d.day for d in row.days if d.kind == HOLIDAY)],
        "workdays": [str(day) for day in sorted(d.day for d in row.days if d.kind == WORKDAY)],
    }
