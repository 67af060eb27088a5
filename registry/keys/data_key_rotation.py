"""Rotating the data key: every stored ID-card number encrypted again, every look-up hash
made again, and the database's record of its key, all in one transaction.

A batch row's facts are sealed with the ID numbers' key, and sealed again with them.

What is keyed by the ID-card number's hash: holders, the rows of results batches, and
integrity records (which hold only the hash; each takes the new hash of the number its
holder or batch row holds). Holder access codes and sign-in counters are kept only as
hashes, so they cannot be hashed again: their key is kept, sealed under the new data key
(``IdNumberProtector.access_key``). The services must be stopped while this runs: one
still running with the old key would keep writing with it."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from certs.errors import ConflictError
from registry.audit.services import Actor, Change, record
from registry.batches.models import BatchRow
from registry.certificates.models import Holder
from registry.keys.data_key import CHECK_ID
from registry.keys.models import DataKeyCheck
from registry.protect import IdNumberProtector
from registry.revocation.models import IntegrityRecord

CHUNK = 1000


@dataclass(frozen=True)
class DataKeyRotation:
    holders: int
    batch_rows: int
    integrity_records: int
    key_id: str


def rows_to_rekey(session: Session) -> int:
    """How many rows a rotation re-keys (for a progress bar)."""
    return sum(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Holder, BatchRow, IntegrityRecord)
    )


def rotate_data_key(
    session: Session,
    actor: Actor,
    current: IdNumberProtector,
    new: IdNumberProtector,
    now: dt.datetime,
    progress: Callable[[int], None] = lambda _n: None,
) -> DataKeyRotation:
    """Re-key everything ``current`` protects with ``new``, in the caller's transaction;
    ``progress`` is told how many rows each step did."""
    check = session.get(DataKeyCheck, CHECK_ID, with_for_update=True)
    if check is None or not hmac.compare_digest(check.key_id, current.key_id):
        raise ConflictError(
            "The database does not record the data key in use; run "
            "`flask --app registry init-db` first.",
            "数据库未记录当前使用的数据密钥；请先运行 `flask --app registry init-db`。",
        )
    if hmac.compare_digest(new.key_id, current.key_id):
        raise ConflictError(
            "The new data key is the one in use; make a new one.",
            "新数据密钥与当前使用的相同；请生成新的密钥。",
        )
    # Integrity records have no number of their own: collect their hashes' successors.
    barred = set(session.scalars(select(IntegrityRecord.id_number_hash).distinct()))
    successors: dict[str, str] = {}
    rekey = _Rekeying(session, current, new, barred, successors, progress)
    holders = rekey.table(Holder.__table__, "id_number_hash", "id_number_encrypted")
    rows = rekey.table(BatchRow.__table__, "holder_id_hash", "holder_id_encrypted")
    _reseal_facts(session, current, new)
    records = _rekey_integrity_records(session, successors)
    progress(records)
    check.key_id = new.key_id
    check.access_key_sealed = new.sealed_access_key(current.access_key)
    check.rotated_at = now
    detail = {
        "previous": current.key_id[:16],
        "holders": holders,
        "batch_rows": rows,
        "integrity_records": records,
    }
    change = Change("data_key.rotate", "data_key", new.key_id[:16], detail=detail)
    record(session, actor, change, now)
    return DataKeyRotation(holders, rows, records, new.key_id)


@dataclass
class _Rekeying:
    session: Session
    current: IdNumberProtector
    new: IdNumberProtector
    barred: set[str]
    successors: dict[str, str]
    progress: Callable[[int], None]

    def table(self, table: Table, hash_column: str, encrypted_column: str) -> int:
        """Every row of ``table`` re-encrypted and re-hashed, a chunk at a time; the count."""
        columns = (table.c.id, table.c[hash_column], table.c[encrypted_column])
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({hash_column: bindparam("new_hash"), encrypted_column: bindparam("blob")})
        )
        done, after = 0, 0
        while rows := self.session.execute(
            select(*columns).where(table.c.id > after).order_by(table.c.id).limit(CHUNK)
        ).all():
            changes = [self._rekeyed(table.name, *row) for row in rows]
            self.session.execute(statement, changes)
            done, after = done + len(rows), rows[-1][0]
            self.progress(len(rows))
        return done

    def _rekeyed(self, table: str, row_id: int, old_hash: str, blob: bytes) -> dict:
        try:
            number = self.current.decrypt(blob)
        except (InvalidTag, ValueError):
            number = None
        if number is None or not hmac.compare_digest(self.current.lookup_hash(number), old_hash):
            raise ConflictError(
                f"{table} row {row_id}: the stored ID-card number does not decrypt to its "
                "look-up hash with the data key in use; nothing was changed.",
                f"{table} 第 {row_id} 行：用当前数据密钥解密的身份证号码与其查询哈希不符；"
                "未作任何更改。",
            )
        new_hash = self.new.lookup_hash(number)
        if old_hash in self.barred:
            self.successors[old_hash] = new_hash
        return {"row_id": row_id, "new_hash": new_hash, "blob": self.new.encrypt(number)}


def _reseal_facts(session: Session, current: IdNumberProtector, new: IdNumberProtector) -> None:
    """The batch rows' facts, sealed with the ID numbers' key, sealed again with the new."""
    table = BatchRow.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(facts_encrypted=bindparam("blob"))
    )
    after = 0
    while rows := session.execute(
        select(table.c.id, table.c.facts_encrypted)
        .where(table.c.id > after, table.c.facts_encrypted.is_not(None))
        .order_by(table.c.id)
        .limit(CHUNK)
    ).all():
        try:
            changes = [
                {"row_id": row_id, "blob": new.encrypt_facts(current.decrypt_facts(blob))}
                for row_id, blob in rows
            ]
        except (InvalidTag, ValueError):
            raise ConflictError(
                "A batch row's facts do not open with the data key in use; nothing was changed.",
                "批次行的申报人条件信息无法用当前数据密钥解密；未作任何更改。",
            ) from None
        session.execute(statement, changes)
        after = rows[-1][0]


def _rekey_integrity_records(session: Session, successors: dict[str, str]) -> int:
    table = IntegrityRecord.__table__
    found = session.execute(select(table.c.id, table.c.id_number_hash)).all()
    orphans = [row_id for row_id, old_hash in found if old_hash not in successors]
    if orphans:
        raise ConflictError(
            f"Integrity records {orphans} name nobody whose ID-card number the registry "
            "holds, so they cannot be re-keyed; nothing was changed.",
            f"诚信档案 {orphans} 对应的身份证号码在注册库中找不到，无法重新计算；未作任何更改。",
        )
    changes = [{"row_id": row_id, "new_hash": successors[old]} for row_id, old in found]
    if changes:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(id_number_hash=bindparam("new_hash")),
            changes,
        )
    return len(changes)
