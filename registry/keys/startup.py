"""The keys the registry checks before it serves anything or runs a command: the data key
against the database (``data_key``), and the active signing keys against their passphrase.

A wrong secret found at the first issuance is a 503 in front of a committee; found here, it
is a service that does not start, with the setting named."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from certs.errors import SigningKeyError
from registry.config import Settings, SettingsError, read_secret
from registry.keys.data_key import check_data_key
from registry.keys.models import PdfSigningKey, SigningKey
from registry.keys.pdf_store import PdfKeyStore
from registry.keys.store import KeyStore
from registry.protect import IdNumberProtector


class SigningKeyUnusableError(SettingsError):
    """An active signing key does not load with the configured passphrase and directory."""


def ready_keys(
    settings: Settings, engine: Engine, now: dt.datetime
) -> tuple[KeyStore, IdNumberProtector]:
    """The signing-key store and the ID-number protector, both checked against the database."""
    passphrase = read_secret(settings.key_passphrase_file)
    keys = KeyStore(settings.key_dir, passphrase)
    try:
        protector = check_data_key(
            engine,
            IdNumberProtector.from_secret(read_secret(settings.data_key_file)),
            settings.data_key_file,
            now,
        )
        check_signing_keys(engine, settings, keys, PdfKeyStore(settings.key_dir, passphrase))
    except OperationalError as exc:
        # Not checked is not started: systemd starts it again once the database answers.
        raise SettingsError(
            "The registry cannot read its database (REGISTRY_DATABASE_URL) to check its keys "
            f"against it: {exc.orig}\n"
            f"注册服务无法读取数据库（REGISTRY_DATABASE_URL）以核对密钥：{exc.orig}"
        ) from None
    return keys, protector


def check_signing_keys(
    engine: Engine, settings: Settings, keys: KeyStore, pdf_keys: PdfKeyStore
) -> None:
    """Load the active credential key and PDF-signing key, if any; refuse if either fails."""
    # Only the columns every schema version has, so that `init-db` can still upgrade.
    with Session(engine) as session:
        tables = set(inspect(session.connection()).get_table_names())
        try:
            if SigningKey.__tablename__ in tables:
                kid = session.scalar(select(SigningKey.kid).where(SigningKey.status == "active"))
                if kid is not None:
                    keys.signer(kid)
            if PdfSigningKey.__tablename__ in tables:
                key_id = session.scalar(
                    select(PdfSigningKey.key_id).where(PdfSigningKey.status == "active")
                )
                if key_id is not None:
                    pdf_keys.private_key(key_id)
        except SigningKeyError as exc:
            raise _unusable(settings, exc) from None


def _unusable(settings: Settings, exc: SigningKeyError) -> SigningKeyUnusableError:
    passphrase, directory = settings.key_passphrase_file, settings.key_dir
    return SigningKeyUnusableError(
        f"An active signing key does not load with REGISTRY_KEY_PASSPHRASE_FILE ({passphrase}) "
        f"from REGISTRY_KEY_DIR ({directory}): {exc.detail} Set both to the files the keys "
        "were made with.\n"
        f"无法用 REGISTRY_KEY_PASSPHRASE_FILE（{passphrase}）从 REGISTRY_KEY_DIR（{directory}）"
        f"载入启用中的签名密钥：{exc.detail_zh}请将两者设为生成密钥时所用的文件和目录。"
    )
