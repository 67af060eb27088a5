"""Operator commands: ``flask --app registry <command>``; each domain keeps its own in its
``cli.py``, and every one is registered here."""

from __future__ import annotations

import click
from flask import Flask

from registry import migrate
from registry.audit.cli import audit
from registry.batches.cli import batches, notices
from registry.calendar.cli import calendar
from registry.clients.cli import tokens
from registry.config import SettingsError
from registry.demo import demo_holder_access, load_demo_data
from registry.equivalence.cli import equivalences
from registry.imports.cli import import_register
from registry.keys.cli import data_key, keys, pdf_key
from registry.keys.data_key import check_data_key
from registry.revocation.cli import certificates, status_lists
from registry.web.cli import now, session, state


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations to head), and record which
    data key it holds (REGISTRY_DATA_KEY_FILE; with people in it, once that key decrypts one)."""
    app = state()
    migrate.upgrade(app.settings.database_url)
    try:
        protector = check_data_key(app.engine, app.protector, app.settings.data_key_file, now())
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("database is at the latest schema")
    click.echo(f"data key {protector.key_id[:16]}...")


@click.command("demo-data")
def demo_data() -> None:
    """Load a demo committee, specialties and certificates (again: reuses what is there)."""
    with session() as db, db.begin():
        certificates = load_demo_data(db, state(), now())
        serial, id_number, code = demo_holder_access(db, state(), now())
    click.echo("demo certificates (serial, level, status):")
    for certificate in certificates:
        click.echo(f"  {certificate.serial}  {certificate.level:<30} {certificate.status}")
    click.echo("demo holder sign-in (POST /api/v1/holder/session; a new code on every run):")
    click.echo(f"  serial {serial}  id_number {id_number}  access_code {code}")


COMMANDS = (
    init_db,
    keys,
    tokens,
    demo_data,
    audit,
    batches,
    notices,
    calendar,
    equivalences,
    certificates,
    status_lists,
    pdf_key,
    data_key,
    import_register,
)


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
