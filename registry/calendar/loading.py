"""Loading years from a file: the shipped ``registry/data/holidays-cn.json`` (the initial
data, REGISTRY_HOLIDAYS_FILE by default) or the bureau's own file in the same shape,
``{"years": [...]}``, each year as the API takes it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import marshmallow as ma
from sqlalchemy.orm import Session

from certs.errors import FieldError, InvalidInputError
from registry.audit.services import Actor
from registry.calendar.models import CalendarYear
from registry.calendar.schemas import YearCreateSchema
from registry.calendar.services import load_years
from webbase.validation import field_errors


def read_years(path: Path) -> list[dict]:
    """The file's years, checked as the API checks them."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        raw_years = document["years"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "file",
                    "not_a_calendar_file",
                    f'{path} is not a calendar file ({{"years": [...]}}): {exc}',
                    f'{path} 不是工作日历文件（{{"years": [...]}}）：{exc}',
                )
            ]
        ) from None
    schema = YearCreateSchema()
    years = []
    for index, raw in enumerate(raw_years):
        try:
            years.append(schema.load(raw))
        except ma.ValidationError as exc:
            raise InvalidInputError(errors=field_errors(exc.messages, f"years.{index}")) from None
    return years


def load_file(session: Session, actor: Actor, now: dt.datetime, path: Path) -> list[CalendarYear]:
    """Add each year of the file the calendar does not hold yet, in order."""
    return load_years(session, actor, read_years(path), now, f"loaded from {path.name}")
