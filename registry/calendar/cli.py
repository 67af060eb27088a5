"""``flask --app registry calendar show|add|correct|load``: the working-day calendar from
the command line, with the bureau's authority. Each command, and ``batches submit``, warns
from 30 days before the calendar's last day on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import marshmallow as ma
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import InvalidInputError
from certs.workdays import CoverageWarning, coverage_warning
from registry.audit.services import Actor
from registry.calendar.loading import load_file
from registry.calendar.models import CalendarYear
from registry.calendar.schemas import YearCorrectSchema, YearCreateSchema
from registry.calendar.services import add_year, correct_year, list_years, working_calendar
from registry.web.cli import cli_errors, now, session, state
from webbase.validation import field_errors

DATES_HELP = "YYYY-MM-DD and ranges FROM..TO, separated by commas"


@click.group(cls=AppGroup)
def calendar() -> None:
    """The working-day calendar: public holidays and adjusted working days (调休)."""


def warn_if_ending(db: Session, moment: dt.datetime) -> CoverageWarning | None:
    """Print the calendar's warning on stderr, in both languages, when there is one."""
    held = working_calendar(db)
    warning = coverage_warning(held.covers_to, beijing_date(moment))
    if warning is not None:
        click.echo(f"warning: {warning.message}", err=True)
        click.echo(f"警告：{warning.message_zh}", err=True)
    return warning


@calendar.command("show")
def show() -> None:
    """Every year with its source, and what the calendar covers."""
    with session() as db, db.begin():
        for year in list_years(db):
            click.echo(_line(year))
        held = working_calendar(db)
        if held.covers_from is None:
            click.echo("the calendar holds no year")
        else:
            click.echo(f"covers {held.covers_from} to {held.covers_to}")
        warn_if_ending(db, now())


def _dates(text: str) -> list[str]:
    """Dates as an operator types them: 2027-01-01,2027-02-06..2027-02-12."""
    days: list[str] = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        first, _, last = part.partition("..")
        try:
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise click.BadParameter(
                f"not a date or a range FROM..TO: {part!r} / 不是日期或日期范围（起..止）：{part!r}"
            ) from None
        if end < start or (end - start).days > 366:
            raise click.BadParameter(f"not a range of days: {part!r} / 日期范围不正确：{part!r}")
        days += [str(start + dt.timedelta(days=n)) for n in range((end - start).days + 1)]
    return days


def _arrangement(
    holidays: str,
    workdays: str,
    source_title: str | None,
    source_number: str | None,
    source_url: str | None,
) -> dict:
    source = {"title": source_title, "number": source_number, "url": source_url}
    return {
        "holidays": _dates(holidays),
        "workdays": _dates(workdays),
        "source": {name: value for name, value in source.items() if value is not None},
    }


def _load(schema: ma.Schema, raw: dict) -> dict:
    try:
        return schema.load(raw)
    except ma.ValidationError as exc:
        raise InvalidInputError(errors=field_errors(exc.messages)) from None


def _arrangement_options(command):
    for option in reversed(
        (
            click.option("--holidays", required=True, help=f"Every day off: {DATES_HELP}."),
            click.option(
                "--workdays", default="", help=f"Weekend days worked (调休上班): {DATES_HELP}."
            ),
            click.option("--source-title", required=True, help="The State Council notice's title."),
            click.option("--source-number", help="Its document number (文号)."),
            click.option("--source-url", help="Where it is published."),
        )
    ):
        command = option(command)
    return command


@calendar.command("add")
@click.argument("year", type=int)
@_arrangement_options
def add(year: int, holidays: str, workdays: str, **source: str | None) -> None:
    """Add YEAR, the year after the calendar's last, from the State Council's notice."""
    raw = {"year": year, **_arrangement(holidays, workdays, **source)}
    with cli_errors(), session() as db, db.begin():
        added = add_year(db, Actor.operator(), _load(YearCreateSchema(), raw), now())
        click.echo(f"added {_line(added)}")
        warn_if_ending(db, now())


@calendar.command("correct")
@click.argument("year", type=int)
@_arrangement_options
@click.option("--reason", required=True, help="Why, for the audit trail.")
def correct(year: int, holidays: str, workdays: str, reason: str, **source: str | None) -> None:
    """Replace YEAR's days (from today on) and source with the ones given."""
    raw = {"reason": reason, **_arrangement(holidays, workdays, **source)}
    with cli_errors(), session() as db, db.begin():
        data = _load(YearCorrectSchema(), raw)
        corrected = correct_year(db, Actor.operator(), year, data, now())
        click.echo(f"corrected {_line(corrected)}")
        warn_if_ending(db, now())


@calendar.command("load")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='A calendar file ({"years": [...]}); REGISTRY_HOLIDAYS_FILE when left out.',
)
def load(path: Path | None) -> None:
    """Add each year of the file that the calendar does not hold yet (the initial data)."""
    path = path or state().settings.holidays_file
    with cli_errors(), session() as db, db.begin():
        added = load_file(db, Actor.operator(), now(), path)
        for year in added:
            click.echo(f"added {_line(year)}")
        if not added:
            click.echo(f"nothing new: the calendar holds every year of {path.name}")
        warn_if_ending(db, now())


def _line(year: CalendarYear) -> str:
    source = year.source_title + (f"（{year.source_number}）" if year.source_number else "")
    counts = f"{len(year.holidays)} holidays, {len(year.workdays)} adjusted working days"
    return f"{year.year}: {counts}; {source}" + (f" {year.source_url}" if year.source_url else "")
