"""The working-day calendar in the core: built from the years handed in, counting notice
periods, and warning before it runs out."""

from __future__ import annotations

import datetime as dt

import pytest

from certs.workdays import (
    CalendarError,
    WorkingCalendar,
    YearArrangement,
    arrangement_errors,
    coverage_warning,
)

D = dt.date


def year(number: int, holidays=(), workdays=()) -> YearArrangement:
    return YearArrangement(number, frozenset(holidays), frozenset(workdays), f"notice {number}")


def test_consecutive_years_make_one_calendar_and_a_gap_is_refused():
    calendar = WorkingCalendar.of_years([year(2027, [D(2027, 1, 1)]), year(2026)])
    assert (calendar.covers_from, calendar.covers_to) == (D(2026, 1, 1), D(2027, 12, 31))
    assert calendar.sources == ("notice 2026", "notice 2027")
    with pytest.raises(ValueError, match="not consecutive"):
        WorkingCalendar.of_years([year(2025), year(2027)])


def test_holidays_and_worked_weekends_count_and_the_end_refuses():
    calendar = WorkingCalendar.of_years([year(2026, [D(2026, 12, 31)], [D(2026, 12, 26)])])
    # From Thursday 24 Dec: Fri 25, Sat 26 (worked), Mon 28, Tue 29, Wed 30.
    assert calendar.working_days_after(D(2026, 12, 24), 5) == (D(2026, 12, 25), D(2026, 12, 30))
    with pytest.raises(CalendarError) as refused:
        calendar.working_days_after(D(2026, 12, 28), 5)
    assert "not 2027-01-01" in refused.value.detail and "不含 2027-01-01" in refused.value.detail_zh


def test_an_empty_calendar_counts_nothing():
    empty = WorkingCalendar.of_years([])
    assert empty.covers_to is None
    with pytest.raises(CalendarError, match="no year yet"):
        empty.is_working_day(D(2026, 1, 5))


def test_a_years_arrangement_is_checked_date_by_date():
    errors = arrangement_errors(
        2027,
        [D(2027, 1, 1), D(2026, 12, 31), D(2027, 1, 1)],
        [D(2027, 1, 1), D(2027, 1, 4), D(2027, 1, 2)],
    )
    assert [(e.field, e.code) for e in errors] == [
        ("holidays.1", "outside_year"),
        ("holidays.2", "duplicate"),
        ("workdays.0", "holiday_and_workday"),
        ("workdays.1", "not_a_weekend_day"),
    ]
    assert all(e.message and e.message_zh for e in errors)


def test_the_warning_starts_thirty_days_before_the_last_day():
    end = D(2026, 12, 31)
    assert coverage_warning(end, D(2026, 11, 30)) is None
    assert coverage_warning(end, D(2026, 12, 1)).code == "calendar_ending"
    assert coverage_warning(end, end).code == "calendar_ending"
    assert coverage_warning(end, D(2027, 1, 1)).code == "calendar_ended"
    assert coverage_warning(None, end).code == "calendar_empty"
