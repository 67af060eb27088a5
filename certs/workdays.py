"""Working days in mainland China: weekends and public holidays off, with the State
Council's adjusted working weekends (调休上班) on.

Pure: the calendar is built from data handed in (``registry/data/holidays-cn.json`` or
the bureau's own file). Dates outside what the data covers cannot be counted, and say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from certs.errors import CertsError

__all__ = ["CalendarError", "WorkingCalendar"]


class CalendarError(CertsError):
    slug = "calendar-not-covered"
    title = "The holiday calendar does not cover these dates"
    title_zh = "节假日数据未覆盖相关日期"


@dataclass(frozen=True)
class WorkingCalendar:
    covers_from: dt.date
    covers_to: dt.date
    holidays: frozenset[dt.date]
    adjusted_workdays: frozenset[dt.date]  # weekend days that are working days
    sources: tuple[str, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WorkingCalendar:
        """From the JSON shape of holidays-cn.json; ValueError says what is wrong."""
        try:
            covers = data["covers"]
            calendar = cls(
                covers_from=dt.date.fromisoformat(covers["from"]),
                covers_to=dt.date.fromisoformat(covers["to"]),
                holidays=frozenset(map(dt.date.fromisoformat, data["holidays"])),
                adjusted_workdays=frozenset(map(dt.date.fromisoformat, data["workdays"])),
                sources=tuple(data.get("sources", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a holiday calendar: {exc!r}") from None
        outside = [
            day
            for day in calendar.holidays | calendar.adjusted_workdays
            if not calendar.covers_from <= day <= calendar.covers_to
        ]
        if calendar.covers_from > calendar.covers_to or outside:
            raise ValueError("holiday calendar: dates outside the period it says it covers")
        if calendar.holidays & calendar.adjusted_workdays:
            raise ValueError("holiday calendar: a date is both a holiday and a working day")
        return calendar

    def is_working_day(self, day: dt.date) -> bool:
        if not self.covers_from <= day <= self.covers_to:
            raise CalendarError(
                f"The holiday calendar covers {self.covers_from} to {self.covers_to}, "
                f"not {day}; the bureau must update it (REGISTRY_HOLIDAYS_FILE).",
                f"节假日数据仅覆盖 {self.covers_from} 至 {self.covers_to}，不含 {day}；"
                "请市人社局更新节假日数据（REGISTRY_HOLIDAYS_FILE）。",
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
