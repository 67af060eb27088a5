"""``flask --app registry batches submit|issue``: results batches from the command line,
with the bureau's authority and a progress bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from registry.audit.services import Actor
from registry.batches.rows import read_csv
from registry.batches.services import Caller, get_batch, issue_batch, submit_batch
from registry.calendar.cli import warn_if_ending
from registry.web.cli import cli_errors, now, session, state


@click.group()
def batches() -> None:
    """Results batches: submit a CSV for public notice, issue after the notice."""


@batches.command("submit")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--committee", "committee_code", required=True, help="The committee's code.")
def batches_submit(csv_file: Path, committee_code: str) -> None:
    """Check every row of CSV_FILE and put the batch on public notice."""
    app = state()
    with cli_errors():
        rows = read_csv(csv_file.read_bytes())
        with (
            session() as db,
            db.begin(),
            click.progressbar(length=len(rows), label="checking rows") as bar,
        ):
            batch = submit_batch(
                db,
                Caller(Actor.operator(), None),
                committee_code,
                rows,
                app.issuer(db),
                app.protector,
                app.notice_rules(db),
                now(),
                progress=bar.update,
            )
            bar.update(len(rows))
    click.echo(f"batch {batch.public_id}: {batch.row_count} people on notice")
    click.echo(f"notice {batch.notice_from} to {batch.notice_to}; issue from the day after")
    with session() as db, db.begin():
        warn_if_ending(db, now())


@batches.command("issue")
@click.argument("batch_id")
@click.option("--decision-number", required=True, help="评审结果核准文号")
@click.option("--decision-date", required=True, type=click.DateTime(["%Y-%m-%d"]))
def batches_issue(batch_id: str, decision_number: str, decision_date: dt.datetime) -> None:
    """Issue every remaining row of BATCH_ID as a signed certificate, all or none."""
    app = state()
    decision = {"decision_number": decision_number, "decision_date": decision_date.date()}
    caller = Caller(Actor.operator(), None)
    with cli_errors(), session() as db, db.begin():
        total = get_batch(db, caller, batch_id).row_count
        with click.progressbar(length=total, label="signing certificates") as bar:
            batch, signed = issue_batch(
                db, caller, batch_id, decision, app.issuer(db), app.protector, now(), bar.update
            )
    click.echo(f"batch {batch.public_id}: issued {len(signed)} certificates")
    for item in signed:
        click.echo(f"  row {item.row_number}\t{item.serial}\taccess code {item.access_code}")
