"""``flask --app registry tokens create``: API tokens for machines."""

from __future__ import annotations

import click

from certs.errors import CertsError
from registry.audit.services import Actor
from registry.clients.services import create_client
from registry.web.cli import fail, now, session


@click.group()
def tokens() -> None:
    """API tokens."""


@tokens.command("create")
@click.option("--role", type=click.Choice(["bureau", "committee"]), required=True)
@click.option("--name", required=True, help="Who holds the token, for the record.")
@click.option("--committee", "committee_code", help="Committee code (committee tokens only).")
def tokens_create(role: str, name: str, committee_code: str | None) -> None:
    """Create an API token. It is printed once, on the last line, and never stored."""
    try:
        with session() as db, db.begin():
            client, token = create_client(db, Actor.operator(), name, role, committee_code, now())
    except CertsError as exc:
        fail(exc)
    click.echo(f"created {role} token #{client.id} for {name}; store it now, it is not kept:")
    click.echo(token)
