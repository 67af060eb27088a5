"""The working-day calendar: one row per year the bureau entered, with the State Council
notice it comes from, and one row per day that is not what its weekday says (a public
holiday, or an adjusted working day on a weekend). Years follow one another without a gap,
so the calendar covers 1 January of its first year to 31 December of its last."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.db import Base, UTCDateTime

HOLIDAY, WORKDAY = "holiday", "workday"


class CalendarYear(Base):
    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source_title: Mapped[str] = mapped_column(String(200))  # 国务院办公厅关于…的通知
    source_number: Mapped[str | None] = mapped_column(String(100))  # 国办发明电〔…〕…号
    source_url: Mapped[str | None] = mapped_column(String(500))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(String(200))
    corrected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    corrected_by: Mapped[str | None] = mapped_column(String(200))

    days: Mapped[list[CalendarDay]] = relationship(
        back_populates="calendar_year",
        cascade="all, delete-orphan",
        order_by="CalendarDay.day",
    )

    def dates(self, kind: str) -> list[dt.date]:
        return [day.day for day in self.days if day.kind == kind]

    @property
    def holidays(self) -> list[dt.date]:
        return self.dates(HOLIDAY)

    @property
    def workdays(self) -> list[dt.date]:
        return self.dates(WORKDAY)

    @property
    def source(self) -> dict[str, str | None]:
        return {"title": self.source_title, "number": self.source_number, "url": self.source_url}


class CalendarDay(Base):
    """A day off on a weekday or a weekend (``holiday``), or a weekend day worked (``workday``)."""

    __tablename__ = "calendar_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("calendar_years.year"), index=True)
    kind: Mapped[str] = mapped_column(String(10))

    calendar_year: Mapped[CalendarYear] = relationship(back_populates="days")
