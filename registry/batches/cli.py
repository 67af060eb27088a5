"""``flask --app registry batches submit|issue|withdraw|access-codes``: results batches from
the command line, with the bureau's authority and a progress bar; ``access-codes`` writes a
batch's new access codes to a mail-merge file; ``notices close``: the daily step that
takes full names and work units off the public notices that have ended."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from certs.revocation import FRAUD_KINDS
from registry.audit.services import Actor
from registry.batches.access_codes import (
    create_private_file,
    mail_merge_csv,
    reissue_access_codes,
)
from registry.batches.closing import close_ended_notices
from registry.batches.fraud import FraudClaim
from registry.batches.rows import InputRow, body_error, json_rows, read_csv
from registry.batches.services import Caller, get_batch, issue_batch, submit_batch
from registry.batches.withdrawals import withdraw_row
from registry.batches.workbook import read_workbook
from registry.calendar.cli import warn_if_ending
from registry.web.cli import cli_errors, now, session, state


@click.group()
def batches() -> None:
    """Results batches: submit a workbook for public notice, withdraw a row, issue after the
    notice."""


@batches.command("submit")
@click.argument("results", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--committee", "committee_code", required=True, help="The committee's code.")
def batches_submit(results: Path, committee_code: str) -> None:
    """Check every row of RESULTS (an .xlsx workbook, a .json file of rows, or a CSV file)
    and put the batch on public notice."""
    app = state()
    with cli_errors():
        rows = _read_results(results)
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
                eligibility=app.eligibility_policy(),
            )
            bar.update(len(rows))
    click.echo(f"batch {batch.public_id}: {batch.row_count} people on notice")
    click.echo(f"notice {batch.notice_from} to {batch.notice_to}; issue from the day after")
    with session() as db, db.begin():
        warn_if_ending(db, now())


def _read_results(path: Path) -> list[InputRow]:
    """Rows as the file's suffix says: a workbook, JSON ({"rows": [...]} or a list), CSV."""
    body = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        return read_workbook(body)
    if path.suffix.lower() == ".json":
        try:
            document = json.loads(body)
        except ValueError as exc:
            raise body_error(
                "invalid_json",
                f"{path.name} is not JSON ({exc}).",
                f"{path.name} 不是 JSON（{exc}）。",
            ) from None
        rows = document.get("rows") if isinstance(document, dict) else document
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise body_error(
                "not_rows",
                f'{path.name} holds no rows: give {{"rows": [{{...}}, ...]}} or a list of rows.',
                f'{path.name} 中没有数据行：请写成 {{"rows": [{{...}}, ...]}} 或行的列表。',
            )
        return json_rows(rows)
    return read_csv(body)


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


@batches.command("withdraw")
@click.argument("batch_id")
@click.argument("row", type=click.IntRange(min=1))
@click.option("--reason", required=True, help="Why the row is withdrawn.")
@click.option(
    "--fraud",
    "fraud_kind",
    type=click.Choice(list(FRAUD_KINDS)),
    help="Fraud found (三(二)1): makes an integrity record that bars the person.",
)
@click.option("--description", help="What was falsified (required with forged_other).")
@click.option("--decision-number", help="The decision's number (required with --fraud).")
def batches_withdraw(batch_id, row, reason, fraud_kind, description, decision_number) -> None:
    """Withdraw ROW of BATCH_ID before issuance, so that the rest of the batch is issued."""
    app = state()
    fraud = FraudClaim(fraud_kind, description, decision_number)
    caller = Caller(Actor.operator(), None)
    with cli_errors(), session() as db, db.begin():
        withdrawal = withdraw_row(
            db,
            caller,
            batch_id,
            row,
            reason,
            fraud,
            app.settings.fraud_bar_years,
            now(),
        )
        number = withdrawal.row.row_number
    click.echo(f"batch {batch_id}: row {number} withdrawn")
    if fraud_kind:
        click.echo(f"integrity record made ({fraud_kind}); the person is barred from today")


@batches.command("access-codes")
@click.argument("batch_id")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The CSV file to write for mail merge; must not exist yet.",
)
def batches_access_codes(batch_id: str, out: Path) -> None:
    """New access codes for every still-valid certificate of BATCH_ID, written to a new file
    (mode 0600) for mail merge: row, serial, holder's name, code. The old codes stop working.
    For when the issuance answer was lost; delete the file once the letters are out."""
    app = state()
    try:
        fd = create_private_file(out)
    except FileExistsError:
        raise click.ClickException(f"{out} exists; name a new file") from None
    try:
        with cli_errors(), session() as db, db.begin():
            batch, codes = reissue_access_codes(
                db, Caller(Actor.operator(), None), batch_id, app.protector, now()
            )
            # The file is complete on disk before the new codes are committed.
            with os.fdopen(fd, "wb") as handle:
                fd = -1
                handle.write(mail_merge_csv(codes))
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        if fd != -1:
            os.close(fd)
        out.unlink(missing_ok=True)
        raise
    click.echo(f"batch {batch.public_id}: {len(codes)} new access codes written to {out}")
    click.echo("the old codes no longer work; delete the file once the letters are out")


@click.group()
def notices() -> None:
    """Public notices (公示) of results batches."""


@notices.command("close")
def notices_close() -> None:
    """Close every notice whose last day is past (Beijing time): full names and work units
    leave the public tables. Run daily (deploy/systemd); running it again changes nothing."""
    with cli_errors(), session() as db, db.begin():
        closed = close_ended_notices(db, Actor.operator(), now())
    if not closed:
        click.echo("no notice to close")
    for batch in closed:
        click.echo(f"closed the notice of batch {batch.public_id} (ended {batch.notice_to})")
