"""Operator commands: ``flask --app registry <command>``."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy.orm import Session

from registry import migrate
from registry.cli_equivalence import equivalences
from registry.services.audit import Actor


def _state():
    return current_app.extensions["registry"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _session() -> Session:
    return _state().sessions()


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(keys)
    app.cli.add_command(tokens)
    app.cli.add_command(demo_data)
    app.cli.add_command(audit)
    app.cli.add_command(batches)
    app.cli.add_command(equivalences)
    from registry import cli_revocation

    cli_revocation.init_app(app, keys)
    app.cli.add_command(pdf_key)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations to head)."""
    migrate.upgrade(_state().settings.database_url)
    click.echo("database is at the latest schema")


@click.group()
def keys() -> None:
    """Signing keys."""


@keys.command("generate")
def keys_generate() -> None:
    """Make the first signing key; does nothing if an active key exists."""
    from registry.services.keys import generate_key

    with _session() as session, session.begin():
        key, made = generate_key(session, Actor.operator(), _state().keys, _now())
    click.echo(f"{'generated' if made else 'active key already present'}: {key.kid}")


@keys.command("rotate")
def keys_rotate() -> None:
    """Make a new active key; the previous one is retired but keeps verifying."""
    from registry.services.keys import rotate_key

    with _session() as session, session.begin():
        key, previous = rotate_key(session, Actor.operator(), _state().keys, _now())
    if previous is not None:
        click.echo(f"retired: {previous.kid}")
    click.echo(f"active: {key.kid}")


@click.group()
def tokens() -> None:
    """API tokens."""


@tokens.command("create")
@click.option("--role", type=click.Choice(["bureau", "committee"]), required=True)
@click.option("--name", required=True, help="Who holds the token, for the record.")
@click.option("--committee", "committee_code", help="Committee code (committee tokens only).")
def tokens_create(role: str, name: str, committee_code: str | None) -> None:
    """Create an API token. It is printed once, on the last line, and never stored."""
    from certs.errors import CertsError
    from registry.services.clients import create_client

    try:
        with _session() as session, session.begin():
            client, token = create_client(
                session, Actor.operator(), name, role, committee_code, _now()
            )
    except CertsError as exc:
        detail = "; ".join(e.message for e in exc.errors) or exc.detail
        raise click.ClickException(detail) from None
    click.echo(f"created {role} token #{client.id} for {name}; store it now, it is not kept:")
    click.echo(token)


@click.command("demo-data")
def demo_data() -> None:
    """Load a demo committee, specialties and certificates (again: reuses what is there)."""
    from registry.services.demo import demo_holder_access, load_demo_data

    with _session() as session, session.begin():
        certificates = load_demo_data(session, _state(), _now())
        serial, id_number, code = demo_holder_access(session, _state(), _now())
    click.echo("demo certificates (serial, level, status):")
    for certificate in certificates:
        click.echo(f"  {certificate.serial}  {certificate.level:<30} {certificate.status}")
    click.echo("demo holder sign-in (POST /api/v1/holder/session; a new code on every run):")
    click.echo(f"  serial {serial}  id_number {id_number}  access_code {code}")


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Check the hash chain of the whole trail; exit 1 naming every altered or missing record."""
    from registry.services.audit import count, verify_chain

    with _session() as session:
        faults = [str(fault) for fault in verify_chain(session)]
        total = count(session)
    if faults:
        for fault in faults:
            click.echo(f"TAMPERED {fault}", err=True)
        raise SystemExit(1)
    click.echo(f"audit trail intact: {total} records")


@click.group("pdf-key")
def pdf_key() -> None:
    """The bureau's PDF-signing key and certificate (e-certificate PDFs)."""


@pdf_key.command("generate")
def pdf_key_generate() -> None:
    """Make the PDF-signing key and its self-signed certificate; no-op if one is active."""
    from registry.pdf_setup import pdf_parts
    from registry.services.pdf import generate_pdf_key

    with _session() as session, session.begin():
        key, made = generate_pdf_key(session, Actor.operator(), pdf_parts(_state()), _now())
    click.echo(f"{'generated' if made else 'active PDF-signing key already present'}: {key.key_id}")
    click.echo(f"certificate SHA-256 fingerprint: {key.fingerprint}")


@pdf_key.command("rotate")
def pdf_key_rotate() -> None:
    """Make a new PDF-signing key; PDFs signed by the old one still show as the bureau's."""
    from registry.pdf_setup import pdf_parts
    from registry.services.pdf import rotate_pdf_key

    with _session() as session, session.begin():
        key, previous = rotate_pdf_key(session, Actor.operator(), pdf_parts(_state()), _now())
    if previous is not None:
        click.echo(f"retired: {previous.key_id}")
    click.echo(f"active: {key.key_id}")
    click.echo(f"certificate SHA-256 fingerprint: {key.fingerprint}")


@click.group()
def batches() -> None:
    """Results batches: submit a CSV for public notice, issue after the notice."""


@batches.command("submit")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--committee", "committee_code", required=True, help="The committee's code.")
def batches_submit(csv_file: Path, committee_code: str) -> None:
    """Check every row of CSV_FILE and put the batch on public notice."""
    from registry.services.batch_input import read_csv
    from registry.services.batches import Caller, submit_batch

    state = _state()
    with _cli_errors():
        rows = read_csv(csv_file.read_bytes())
        with (
            _session() as session,
            session.begin(),
            click.progressbar(length=len(rows), label="checking rows") as bar,
        ):
            batch = submit_batch(
                session,
                Caller(Actor.operator(), None),
                committee_code,
                rows,
                state.issuer(session),
                state.protector,
                state.notice_rules(),
                _now(),
                progress=bar.update,
            )
            bar.update(len(rows))
    click.echo(f"batch {batch.public_id}: {batch.row_count} people on notice")
    click.echo(f"notice {batch.notice_from} to {batch.notice_to}; issue from the day after")


@batches.command("issue")
@click.argument("batch_id")
@click.option("--decision-number", required=True, help="评审结果核准文号")
@click.option("--decision-date", required=True, type=click.DateTime(["%Y-%m-%d"]))
def batches_issue(batch_id: str, decision_number: str, decision_date) -> None:
    """Issue every remaining row of BATCH_ID as a signed certificate, all or none."""
    from registry.services.batches import Caller, get_batch, issue_batch

    state = _state()
    decision = {"decision_number": decision_number, "decision_date": decision_date.date()}
    caller = Caller(Actor.operator(), None)
    with _cli_errors(), _session() as session, session.begin():
        total = get_batch(session, caller, batch_id).row_count
        with click.progressbar(length=total, label="signing certificates") as bar:
            batch, signed = issue_batch(
                session,
                caller,
                batch_id,
                decision,
                state.issuer(session),
                state.protector,
                _now(),
                bar.update,
            )
    click.echo(f"batch {batch.public_id}: issued {len(signed)} certificates")
    for item in signed:
        click.echo(f"  row {item.row_number}\t{item.serial}\taccess code {item.access_code}")


@contextlib.contextmanager
def _cli_errors():
    """A refused operation: say why (every row's reason), exit 1, nothing written."""
    from certs.errors import CertsError

    try:
        yield
    except CertsError as exc:
        click.echo(f"refused: {exc.detail}", err=True)
        click.echo(f"拒绝：{exc.detail_zh}", err=True)
        for error in exc.errors:
            where = f"row {error.row} " if error.row is not None else ""
            click.echo(f"  {where}{error.field}: {error.message} / {error.message_zh}", err=True)
        raise SystemExit(1) from None
