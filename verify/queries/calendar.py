"""The last day the registry's working-day calendar covers, from the public projection
(``public_calendar_years``), read again at most every ``cache_seconds``: the health answer
asks on every request and must stay nearly free."""

from __future__ import annotations

import datetime as dt
import threading
import time

from sqlalchemy import Engine, func, select

from verify.tables import public_calendar_years

LAST_YEAR = select(func.max(public_calendar_years.c.year))


class CalendarCoverage:
    def __init__(self, engine: Engine, cache_seconds: float):
        self.engine = engine
        self.cache_seconds = cache_seconds
        self._covers_to: dt.date | None = None
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def covers_to(self) -> dt.date | None:
        """31 December of the calendar's last year; None when it holds no year."""
        if time.monotonic() - self._loaded_at > self.cache_seconds:
            with self.engine.connect() as connection:
                last = connection.execute(LAST_YEAR).scalar()
            with self._lock:
                self._covers_to = dt.date(last, 12, 31) if last is not None else None
                self._loaded_at = time.monotonic()
        return self._covers_to
