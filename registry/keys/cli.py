"""``flask --app registry keys ...`` and ``pdf-key ...``: the signing keys; ``data-key
rotate``: the data key ID-card numbers are kept with.

``keys compromise KID --since TIME`` marks a key compromised; ``keys resign`` signs again
what it signed since, with the active key. ``keys resign-records`` signs the public
projection's records (after migration 0021, or ``--all`` of them).
"""

from __future__ import annotations

from pathlib import Path

import click

from certs.errors import CertsError
from registry.audit.services import Actor
from registry.config import SettingsError, read_secret
from registry.keys.compromise import compromise_key, count_affected, resign_affected
from registry.keys.data_key_rotation import rotate_data_key, rows_to_rekey
from registry.keys.pdf import generate_pdf_key, rotate_pdf_key
from registry.keys.pdf_setup import pdf_parts
from registry.keys.services import generate_key, rotate_key
from registry.projection.certificates import resign_public_records
from registry.protect import IdNumberProtector
from registry.revocation.status_lists import StatusListPublisher, publish_status_lists
from registry.web.cli import cli_errors, fail, now, session, state, utc


@click.group()
def keys() -> None:
    """Signing keys."""


@keys.command("generate")
def keys_generate() -> None:
    """Make the first signing key; does nothing if an active key exists."""
    with session() as db, db.begin():
        key, made = generate_key(db, Actor.operator(), state().keys, now())
    click.echo(f"{'generated' if made else 'active key already present'}: {key.kid}")


@keys.command("rotate")
def keys_rotate() -> None:
    """Make a new active key; the previous one is retired but keeps verifying."""
    with session() as db, db.begin():
        key, previous = rotate_key(db, Actor.operator(), state().keys, now())
    if previous is not None:
        click.echo(f"retired: {previous.kid}")
    click.echo(f"active: {key.kid}")


# A kid is base64url and may start with "-": take it as the argument, not an option.
@keys.command("compromise", context_settings={"ignore_unknown_options": True})
@click.argument("kid")
@click.option("--since", "since_text", required=True, help="ISO 8601; without offset, UTC.")
def keys_compromise(kid: str, since_text: str) -> None:
    """Mark a key compromised: it signs nothing more; what it signed since is distrusted."""
    app, moment = state(), now()
    try:
        with app.sessions() as db, db.begin():
            replacement = compromise_key(
                db, Actor.operator(), app.keys, kid, utc(since_text), moment
            )
            # Lists signed with the key might be forged copies: sign them again now.
            publish_status_lists(db, StatusListPublisher.of(app.issuer(db)), moment)
            affected = count_affected(db)
    except CertsError as exc:
        fail(exc)
    if replacement is not None:
        click.echo(f"active: {replacement.kid}")
    click.echo(f"compromised: {kid}; certificates to re-sign: {affected}")
    if affected:
        click.echo("run `flask --app registry keys resign` to sign them with the active key")


@keys.command("resign")
@click.option("--batch", default=1000, show_default=True, help="Certificates per transaction.")
def keys_resign(batch: int) -> None:
    """Sign every certificate a compromised key signed since its compromise again, with the
    active key (same serials, new credentials)."""
    app, total = state(), 0
    while True:
        with app.sessions() as db, db.begin():
            done = resign_affected(db, Actor.operator(), app.issuer(db), now(), batch)
        total += done
        if done < batch:
            break
    click.echo(f"re-signed: {total}")
    click.echo(f"public records re-signed: {_resign_records(batch, everything=False)}")


@keys.command("resign-records")
@click.option("--batch", default=1000, show_default=True, help="Rows per transaction.")
@click.option("--all", "everything", is_flag=True, help="Every row, not only those in need.")
def keys_resign_records(batch: int, everything: bool) -> None:
    """Sign the public projection's records with the active key: rows without one (after
    migration 0021) and rows whose record a compromised key signed since its compromise;
    with --all, every row."""
    click.echo(f"public records signed: {_resign_records(batch, everything)}")


def _resign_records(batch: int, everything: bool) -> int:
    app, total, after = state(), 0, ""
    while True:
        with app.sessions() as db, db.begin():
            signer = app.issuer(db).signer
            done, last = resign_public_records(
                db, signer, now(), everything=everything, after=after, limit=batch
            )
        total += done
        if last is None:
            return total
        after = last


@click.group("pdf-key")
def pdf_key() -> None:
    """The bureau's PDF-signing key and certificate (e-certificate PDFs)."""


@pdf_key.command("generate")
def pdf_key_generate() -> None:
    """Make the PDF-signing key and its self-signed certificate; no-op if one is active."""
    with session() as db, db.begin():
        key, made = generate_pdf_key(db, Actor.operator(), pdf_parts(state()), now())
    click.echo(f"{'generated' if made else 'active PDF-signing key already present'}: {key.key_id}")
    click.echo(f"certificate SHA-256 fingerprint: {key.fingerprint}")


@pdf_key.command("rotate")
def pdf_key_rotate() -> None:
    """Make a new PDF-signing key; PDFs signed by the old one still show as the bureau's."""
    with session() as db, db.begin():
        key, previous = rotate_pdf_key(db, Actor.operator(), pdf_parts(state()), now())
    if previous is not None:
        click.echo(f"retired: {previous.key_id}")
    click.echo(f"active: {key.key_id}")
    click.echo(f"certificate SHA-256 fingerprint: {key.fingerprint}")


@click.group("data-key")
def data_key() -> None:
    """The data key (REGISTRY_DATA_KEY_FILE): ID-card numbers at rest and their look-up hashes."""


@data_key.command("rotate")
@click.option(
    "--new-key-file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The new data key's file (a long random secret, mode 0600).",
)
def data_key_rotate(new_key_file: Path) -> None:
    """Encrypt every stored ID-card number and make every look-up hash again with the key in
    NEW_KEY_FILE, in one transaction. Stop both services first; then point
    REGISTRY_DATA_KEY_FILE at the new file and start them (docs/operations.md)."""
    app = state()
    try:
        new = IdNumberProtector.from_secret(read_secret(new_key_file))
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    with (
        cli_errors(),
        session() as db,
        db.begin(),
        click.progressbar(length=rows_to_rekey(db), label="re-keying") as bar,
    ):
        done = rotate_data_key(db, Actor.operator(), app.protector, new, now(), bar.update)
    click.echo(
        f"re-keyed {done.holders} holders, {done.batch_rows} batch rows and "
        f"{done.integrity_records} integrity records; data key now {done.key_id[:16]}..."
    )
    click.echo(
        f"next: set REGISTRY_DATA_KEY_FILE to {new_key_file} (or put that file in place of "
        f"{app.settings.data_key_file}) and start the services; the old key no longer starts them"
    )
