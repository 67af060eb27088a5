"""Operator commands for revocation, status lists and key compromise.

``flask --app registry certificates revoke|suspend|lift|reinstate SERIAL ...``,
``flask --app registry status-lists publish``,
``flask --app registry keys compromise KID --since TIME`` and ``keys resign``.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app

from certs.dates import beijing_date
from certs.errors import CertsError
from certs.revocation import REVOCATION_REASONS
from registry.services.audit import Actor


def _state():
    return current_app.extensions["registry"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _fail(exc: CertsError):
    detail = "; ".join(f"{e.field}: {e.message}" for e in exc.errors) or exc.detail
    raise click.ClickException(detail) from None


def _utc(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {text!r}") from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


@click.group("certificates")
def certificates() -> None:
    """Status decisions on certificates (the same as the API's status-changes)."""


def _decide(serial: str, action: str, reason, decision: str, effective: dt.datetime, note):
    from registry.services.revocation import StatusDecision, StatusPolicy, change_status

    state = _state()
    try:
        with state.sessions() as session, session.begin():
            policy = StatusPolicy(state.issuer(session), state.settings.fraud_bar_years)
            request = StatusDecision(action, decision, effective.date(), reason, note)
            change = change_status(session, Actor.operator(), serial, request, policy, _now())
            serial = change.certificate.serial
    except CertsError as exc:
        _fail(exc)
    click.echo(f"{serial}: {change.from_status} -> {change.to_status} ({decision})")


def _decision_options(command):
    for option in reversed(
        (
            click.argument("serial"),
            click.option("--decision", required=True, help="The decision document's number."),
            click.option(
                "--effective",
                type=click.DateTime(["%Y-%m-%d"]),
                default=lambda: beijing_date(_now()).isoformat(),
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
def revoke(serial, decision, effective, note, reason):
    """Revoke a certificate; a forged_* reason also makes an integrity record."""
    _decide(serial, "revoke", reason, decision, effective, note)


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


# A kid is base64url and may start with "-": take it as the argument, not an option.
@click.command("compromise", context_settings={"ignore_unknown_options": True})
@click.argument("kid")
@click.option("--since", "since_text", required=True, help="ISO 8601; without offset, UTC.")
def keys_compromise(kid: str, since_text: str) -> None:
    """Mark a key compromised: it signs nothing more; what it signed since is distrusted."""
    from registry.services.compromise import compromise_key, count_affected
    from registry.services.status_lists import StatusListPublisher, publish_status_lists

    state, now = _state(), _now()
    try:
        with state.sessions() as session, session.begin():
            replacement = compromise_key(
                session, Actor.operator(), state.keys, kid, _utc(since_text), now
            )
            # Lists signed with the key might be forged copies: sign them again now.
            publish_status_lists(session, StatusListPublisher.of(state.issuer(session)), now)
            affected = count_affected(session)
    except CertsError as exc:
        _fail(exc)
    if replacement is not None:
        click.echo(f"active: {replacement.kid}")
    click.echo(f"compromised: {kid}; certificates to re-sign: {affected}")
    if affected:
        click.echo("run `flask --app registry keys resign` to sign them with the active key")


@click.command("resign")
@click.option("--batch", default=1000, show_default=True, help="Certificates per transaction.")
def keys_resign(batch: int) -> None:
    """Sign every certificate a compromised key signed since its compromise again, with the
    active key (same serials, new credentials)."""
    from registry.services.compromise import resign_affected

    state, total = _state(), 0
    while True:
        with state.sessions() as session, session.begin():
            done = resign_affected(session, Actor.operator(), state.issuer(session), _now(), batch)
        total += done
        if done < batch:
            break
    click.echo(f"re-signed: {total}")


@click.group("status-lists")
def status_lists() -> None:
    """The published Bitstring Status Lists."""


@status_lists.command("publish")
def status_lists_publish() -> None:
    """Rebuild and sign the status lists now (they are also rebuilt on every change)."""
    from registry.services.status_lists import StatusListPublisher, publish_status_lists

    state = _state()
    with state.sessions() as session, session.begin():
        rows = publish_status_lists(session, StatusListPublisher.of(state.issuer(session)), _now())
    click.echo("published: " + ", ".join(row.purpose for row in rows))


def init_app(app: Flask, keys: click.Group) -> None:
    app.cli.add_command(certificates)
    app.cli.add_command(status_lists)
    keys.add_command(keys_compromise)
    keys.add_command(keys_resign)
