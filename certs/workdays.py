"""Working days in mainland China: weekends and public holidays off, with the State
Council's adjusted working weekends (调休上班) on.

Pure: the calendar is built from the years handed in (the registry keeps them, as the
bureau enters each year's arrangement). Dates outside the years it holds cannot be
counted, and say so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from certs.errors import CertsError, FieldError

__all__ = [
    "WARNING_DAYS",
    "CalendarError",
    "CoverageWarning",
    "WorkingCalendar",
    "YearArrangement",
    "arrangement_errors",
    "coverage_warning",
]

# How long before the calendar's last day the operator and verify's health answer warn.
WARNING_DAYS = 30
WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOW_TO_ADD = "POST /api/v1/calendar/years, or `flask --app registry calendar add`"
HOW_TO_ADD_ZH = "POST /api/v1/calendar/years，或 `flask --app registry calendar add`"


class CalendarError(CertsError):
    slug = "calendar-not-covered"
    title = "The holiday calendar does not cover these dates"
    title_zh = "节假日数据未覆盖相关日期"


@dataclass(frozen=True)
class YearArrangement:
    """One year's public holidays and adjusted working days, as the State Council
    published them; ``source`` names the notice."""

    year: int
    holidays: frozenset[dt.date]
    adjusted_workdays: frozenset[dt.date]  # weekend days that are working days
    source: str


@dataclass(frozen=True)
class WorkingCalendar:
    covers_from: dt.date | None  # None: no year yet
    covers_to: dt.date | None
    holidays: frozenset[dt.date]
    adjusted_workdays: frozenset[dt.date]
    sources: tuple[str, ...]

    @classmethod
    def of_years(cls, years: Iterable[YearArrangement]) -> WorkingCalendar:
        """The calendar of consecutive years; ValueError when one is missing between them."""
        ordered = sorted(years, key=lambda arrangement: arrangement.year)
        numbers = [arrangement.year for arrangement in ordered]
        if numbers and numbers != list(range(numbers[0], numbers[-1] + 1)):
            raise ValueError(f"holiday calendar: the years {numbers} are not consecutive")
        return cls(
            covers_from=dt.date(numbers[0], 1, 1) if numbers else None,
            covers_to=dt.date(numbers[-1], 12, 31) if numbers else None,
            holidays=frozenset().union(*(a.holidays for a in ordered)),
            adjusted_workdays=frozenset().union(*(a.adjusted_workdays for a in ordered)),
            sources=tuple(a.source for a in ordered),
        )

    def is_working_day(self, day: dt.date) -> bool:
        if self.covers_from is None or self.covers_to is None:
            raise CalendarError(
                f"The holiday calendar holds no year yet, so {day} cannot be counted; the "
                f"bureau must add the year's arrangement ({HOW_TO_ADD}).",
                f"节假日数据尚未录入任何年份，无法计算 {day}；请市人社局录入该年的节假日安排"
                f"（{HOW_TO_ADD_ZH}）。",
            )
        if not self.covers_from <= day <= self.covers_to:
            raise CalendarError(
                f"The holiday calendar covers {self.covers_from} to {self.covers_to}, "
                f"not {day}; the bureau must add the next year's arrangement ({HOW_TO_ADD}).",
                f"节假日数据仅覆盖 {self.covers_from} 至 {self.covers_to}，不含 {day}；"
                f"请市人社局录入下一年的节假日安排（{HOW_TO_ADD_ZH}）。",
            )
        if day in self.adjusted_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days_after(self, start: dt.date, count: int) -> tuple[dt.date, dt.date]:
        """The first and the last of the ``count`` working days after ``start``."""
        days: list[dt.date] = []
        day = start
        while len(days) < count:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                days.append(day)
        return days[0], days[-1]


def arrangement_errors(
    year: int, holidays: Sequence[dt.date], workdays: Sequence[dt.date]
) -> list[FieldError]:
    """Why a year's arrangement cannot be right: a date outside the year or listed twice,
    a date both off and worked, an adjusted working day that is not a weekend day."""
    errors: list[FieldError] = []
    for name, days in (("holidays", holidays), ("workdays", workdays)):
        seen = Counter(days)
        for index, day in enumerate(days):
            field = f"{name}.{index}"
            if day.year != year:
                errors.append(
                    FieldError(
                        field,
                        "outside_year",
                        f"{day} is not in {year}: each year is entered on its own.",
                        f"{day} 不在 {year} 年内：每年的安排单独录入。",
                    )
                )
            elif seen[day] > 1 and days.index(day) != index:
                errors.append(
                    FieldError(
                        field,
                        "duplicate",
                        f"{day} is listed twice.",
                        f"{day} 重复列出。",
                    )
                )
    both = set(holidays) & set(workdays)
    for index, day in enumerate(workdays):
        if day in both:
            errors.append(
                FieldError(
                    f"workdays.{index}",
                    "holiday_and_workday",
                    f"{day} is listed both as a holiday and as an adjusted working day.",
                    f"{day} 既列为放假日又列为调休上班日。",
                )
            )
        elif day.weekday() < 5 and day.year == year:
            errors.append(
                FieldError(
                    f"workdays.{index}",
                    "not_a_weekend_day",
                    f"{day} is a {WEEKDAYS_EN[day.weekday()]}, a working day anyway: an "
                    "adjusted working day (调休上班) is a Saturday or Sunday worked.",
                    f"{day} 是周{WEEKDAYS_ZH[day.weekday()]}，本来就是工作日："
                    "调休上班日应为需要上班的周六或周日。",
                )
            )
    return errors


@dataclass(frozen=True)
class CoverageWarning:
    """The calendar ends soon (or has ended, or holds nothing): say so, in both languages."""

    code: str
    message: str
    message_zh: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "message_zh": self.message_zh}


def coverage_warning(covers_to: dt.date | None, today: dt.date) -> CoverageWarning | None:
    """A warning from ``WARNING_DAYS`` days before the calendar's last day on; None before."""
    if covers_to is None:
        return CoverageWarning(
            "calendar_empty",
            "The working-day calendar holds no year: no batch can go on notice until the "
            f"bureau adds one from the State Council's notice ({HOW_TO_ADD}).",
            f"工作日历尚未录入任何年份，批次无法公示；请依据国务院办公厅的通知录入节假日安排"
            f"（{HOW_TO_ADD_ZH}）。",
        )
    days_left = (covers_to - today).days
    if days_left > WARNING_DAYS:
        return None
    following = covers_to.year + 1
    add = (
        f"Add {following}'s public holidays and adjusted working days from the State "
        f"Council's notice ({HOW_TO_ADD})."
    )
    add_zh = (
        f"请依据国务院办公厅的通知录入 {following} 年的节假日和调休上班日期（{HOW_TO_ADD_ZH}）。"
    )
    if days_left < 0:
        return CoverageWarning(
            "calendar_ended",
            f"The working-day calendar ended on {covers_to}: no batch can go on notice. {add}",
            f"工作日历已于 {covers_to} 结束，批次无法公示。{add_zh}",
        )
    return CoverageWarning(
        "calendar_ending",
        f"The working-day calendar ends on {covers_to}, in {days_left} days: a notice that "
        f"runs past it cannot open. {add}",
        f"工作日历将于 {covers_to} 结束（还剩 {days_left} 天），公示期超出该日期的批次将无法"
        f"提交。{add_zh}",
    )
