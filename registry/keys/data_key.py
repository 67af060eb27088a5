"""The data key the stored ID-card numbers are encrypted and hashed with, held to the one the
database was set up with.

A registry started with another data key would not fail: it would stop finding people (a
second title for the same person, integrity records that bar nobody, holders who cannot
sign in). So the database keeps the key's identifier, and the registry refuses to start
when the configured key's differs. A database set up before the identifier was kept gets
it recorded once the configured key has decrypted a stored ID-card number."""

from __future__ import annotations

import datetime as dt
import hmac
from pathlib import Path

from cryptography.exceptions import InvalidTag
from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.batches.models import BatchRow
from registry.certificates.models import Holder
from registry.config import SettingsError
from registry.keys.models import DataKeyCheck
from registry.protect import IdNumberProtector

CHECK_ID = 1


class DataKeyMismatchError(SettingsError):
    """The configured data key is not the database's: the registry does not start."""


def check_data_key(
    engine: Engine, protector: IdNumberProtector, key_file: Path, now: dt.datetime
) -> IdNumberProtector:
    """The protector to run with, once the database agrees that ``protector`` holds its data
    key; on a database with no identifier yet, it is recorded (after a stored number has
    been decrypted, if there is one). A database without the schema is left alone:
    ``init-db`` creates it and calls this again."""
    try:
        return _check_once(engine, protector, key_file, now)
    except IntegrityError:  # another process recorded it first: compare with theirs
        return _check_once(engine, protector, key_file, now)


def _check_once(
    engine: Engine, protector: IdNumberProtector, key_file: Path, now: dt.datetime
) -> IdNumberProtector:
    with Session(engine) as session, session.begin():
        tables = set(inspect(session.connection()).get_table_names())
        if Holder.__tablename__ not in tables:
            return protector
        if DataKeyCheck.__tablename__ not in tables:  # before migration 0019: check only
            prove_data_key(session, protector, key_file, tables)
            return protector
        stored = session.get(DataKeyCheck, CHECK_ID)
        if stored is None:
            prove_data_key(session, protector, key_file, tables)
            session.add(DataKeyCheck(id=CHECK_ID, key_id=protector.key_id, recorded_at=now))
            return protector
        return _matching(stored, protector, key_file)


def _matching(
    stored: DataKeyCheck, protector: IdNumberProtector, key_file: Path
) -> IdNumberProtector:
    if not hmac.compare_digest(stored.key_id, protector.key_id):
        raise _mismatch(key_file, stored.key_id, protector.key_id)
    if stored.access_key_sealed is None:
        return protector
    try:
        return protector.with_sealed_access_key(stored.access_key_sealed)
    except (InvalidTag, ValueError):
        raise _mismatch(key_file, stored.key_id, protector.key_id) from None


def prove_data_key(
    session: Session, protector: IdNumberProtector, key_file: Path, tables: set[str]
) -> None:
    """Refuse unless ``protector`` decrypts a stored ID-card number (a holder's, a batch
    row's) and hashes it to the stored look-up hash. Nothing stored proves nothing."""
    for table, hashed, encrypted in (
        (Holder.__tablename__, Holder.id_number_hash, Holder.id_number_encrypted),
        (BatchRow.__tablename__, BatchRow.holder_id_hash, BatchRow.holder_id_encrypted),
    ):
        if table not in tables:
            continue
        row = session.execute(select(hashed, encrypted).limit(1)).first()
        if row is None:
            continue
        try:
            number = protector.decrypt(row[1])
        except (InvalidTag, ValueError):
            raise _undecryptable(key_file) from None
        if not hmac.compare_digest(protector.lookup_hash(number), row[0]):
            raise _undecryptable(key_file)


def _mismatch(key_file: Path, expected: str, found: str) -> DataKeyMismatchError:
    return DataKeyMismatchError(
        f"REGISTRY_DATA_KEY_FILE ({key_file}) holds another data key than the one this "
        f"database was set up with (identifier {found[:16]}..., the database's "
        f"{expected[:16]}...). With it, ID-card numbers would stop matching. Set "
        "REGISTRY_DATA_KEY_FILE to the database's data key file; a new data key is put in "
        "place with `flask --app registry data-key rotate`.\n"
        f"REGISTRY_DATA_KEY_FILE（{key_file}）中的数据密钥不是本数据库建立时所用的密钥"
        f"（标识 {found[:16]}...，数据库记录的是 {expected[:16]}...），用它运行会使身份证号码"
        "无法匹配。请将 REGISTRY_DATA_KEY_FILE 指向本数据库的数据密钥文件；更换数据密钥请用 "
        "`flask --app registry data-key rotate`。"
    )


def _undecryptable(key_file: Path) -> DataKeyMismatchError:
    return DataKeyMismatchError(
        f"REGISTRY_DATA_KEY_FILE ({key_file}) does not decrypt the ID-card numbers this "
        "database holds: it is not the data key they were stored with. Set "
        "REGISTRY_DATA_KEY_FILE to the database's data key file.\n"
        f"REGISTRY_DATA_KEY_FILE（{key_file}）中的数据密钥无法解密本数据库保存的身份证号码，"
        "不是保存它们时所用的密钥。请将 REGISTRY_DATA_KEY_FILE 指向本数据库的数据密钥文件。"
    )
