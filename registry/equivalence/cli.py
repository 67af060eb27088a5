"""``flask --app registry equivalences ...``: the equivalence list from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup

from certs.errors import CertsError
from registry.audit.services import Actor
from registry.equivalence.starter import STARTER_FILE, load_file
from registry.web.cli import fail, now, session


@click.group(cls=AppGroup)
def equivalences() -> None:
    """The qualification-to-title equivalence list."""


@equivalences.command("load")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='A list file ({"entries": [...]}); the shipped starter list when left out.',
)
@click.option("--reviewed", is_flag=True, help="The file is reviewed: entries are not provisional.")
@click.option("--effective", type=click.DateTime(["%Y-%m-%d"]), help="Effective date (today).")
def load(path: Path | None, reviewed: bool, effective: dt.datetime | None) -> None:
    """Add the file's entries that are not on the list yet, as one new version."""
    try:
        with session() as db, db.begin():
            rows = load_file(
                db,
                Actor.operator(),
                now(),
                path or STARTER_FILE,
                provisional=not reviewed,
                effective=effective.date() if effective else None,
            )
            version = rows[0].version_from if rows else None
    except CertsError as exc:
        fail(exc)
    if not rows:
        click.echo("nothing new: every entry of the file is on the list already")
        return
    kind = "reviewed" if reviewed else "provisional (the bureau must review and confirm them)"
    click.echo(f"version {version}: added {len(rows)} entries, {kind}")
