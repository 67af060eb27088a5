"""Status decisions and status lists from the command line.

``flask --app registry certificates revoke|suspend|lift|reinstate SERIAL ...`` and
``flask --app registry status-lists publish``.
"""

from __future__ import annotations

import datetime as dt

import click

from certs.dates import beijing_date
from certs.errors import CertsError
from certs.revocation import REVOCATION_REASONS
from registry.audit.services import Actor
from registry.revocation.services import StatusDecision, StatusPolicy, change_status
from registry.revocation.status_lists import StatusListPublisher, publish_status_lists
from registry.web.cli import fail, now, state


@click.group("certificates")
def certificates() -> None:
    """Status decisions on certificates (the same as the API's status-changes)."""


def _decide(
    serial: str,
    action: str,
    reason,
    decision: str,
    effective: dt.datetime,
    note,
    description=None,
):
    app = state()
    try:
        with app.sessions() as db, db.begin():
            policy = StatusPolicy(app.issuer(db), app.settings.fraud_bar_years)
            request = StatusDecision(action, decision, effective.date(), reason, note, description)
            change = change_status(db, Actor.operator(), serial, request, policy, now())
            serial = change.certificate.serial
    except CertsError as exc:
        fail(exc)
    click.echo(f"{serial}: {change.from_status} -> {change.to_status} ({decision})")


def _decision_options(command):
    for option in reversed(
        (
            click.argument("serial"),
            click.option("--decision", required=True, help="The decision document's number."),
            click.option(
                "--effective",
                type=click.DateTime(["%Y-%m-%d"]),
                default=lambda: beijing_date(now()).isoformat(),
                help="The day it takes effect (default today, Beijing time).",
            ),
            click.option("--note", help="A private note (never published)."),
        )
    ):
        command = option(command)
    return command


@certificates.command("revoke")
@_decision_options
@click.option("--reason", type=click.Choice(list(REVOCATION_REASONS)), required=True)
@click.option("--description", help="What was falsified (required with forged_other).")
def revoke(serial, decision, effective, note, reason, description):
    """Revoke a certificate; a forged_* reason also makes an integrity record."""
    _decide(serial, "revoke", reason, decision, effective, note, description)


@certificates.command("suspend")
@_decision_options
def suspend(serial, decision, effective, note):
    """Suspend a certificate while it is investigated."""
    _decide(serial, "suspend", None, decision, effective, note)


@certificates.command("lift")
@_decision_options
def lift(serial, decision, effective, note):
    """Lift a suspension."""
    _decide(serial, "lift", None, decision, effective, note)


@certificates.command("reinstate")
@_decision_options
def reinstate(serial, decision, effective, note):
    """Reinstate a revoked certificate (an appeal upheld, with its own decision)."""
    _decide(serial, "reinstate", None, decision, effective, note)


@click.group("status-lists")
def status_lists() -> None:
    """The published Bitstring Status Lists."""


@status_lists.command("publish")
def status_lists_publish() -> None:
    """Rebuild and sign the status lists now (they are also rebuilt on every change)."""
    app = state()
    with app.sessions() as db, db.begin():
        purposes = publish_status_lists(db, StatusListPublisher.of(app.issuer(db)), now())
    click.echo("published: " + ", ".join(purposes))
