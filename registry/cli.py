"""Operator commands: ``flask --app registry <command>``."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from sqlalchemy.orm import Session

from registry import migrate
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
    from registry.services.demo import load_demo_data

    with _session() as session, session.begin():
        certificates = load_demo_data(session, _state(), _now())
    click.echo("demo certificates (serial, level, status):")
    for certificate in certificates:
        click.echo(f"  {certificate.serial}  {certificate.level:<30} {certificate.status}")


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
