"""Access codes for a whole issued batch once more: when the issuance answer was lost (a
replay with the same Idempotency-Key shows every ``access_code`` as null, because codes are
never stored), the bureau re-issues new codes for every certificate of the batch that is
still valid. Each old code stops working and holders signed in with it are signed out; each
new code is shown this once, in the answer or in the operator's mail-merge file.

New codes rather than the old ones kept: the registry keeps only keyed hashes of codes, so
no copy of the database, with or without the data key, opens any certificate."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from certs.errors import ConflictError
from certs.serials import format_serial
from certs.spreadsheet import csv_line
from registry.audit.services import Change, record_many
from registry.batches.models import BatchRow, ResultBatch
from registry.batches.services import Caller, get_batch
from registry.certificates.models import Certificate
from registry.holders.access import new_access_code
from registry.holders.models import HolderAccess, HolderSession
from registry.protect import IdNumberProtector

CHUNK = 500


@dataclass(frozen=True)
class NewCode:
    row_number: int
    serial: str
    holder_name: str
    level: str
    access_code: str  # grouped, for the holder; only its hash is kept


def reissue_access_codes(
    session: Session,
    caller: Caller,
    public_id: str,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> tuple[ResultBatch, list[NewCode]]:
    """New access codes for every still-valid certificate of an issued batch, in the
    caller's transaction; audited per certificate and for the batch, never with a code."""
    batch = get_batch(session, caller, public_id, lock=True)
    if batch.status != "issued":
        raise ConflictError(
            f"Batch {public_id} is {batch.status}: it has no certificates yet.",
            f"批次 {public_id} 尚未发证（{batch.status}），没有查询码可重新生成。",
        )
    found = session.execute(
        select(
            BatchRow.row_number,
            Certificate.id,
            Certificate.serial,
            Certificate.holder_name,
            Certificate.level,
        )
        .join(Certificate, Certificate.serial == BatchRow.serial)
        .where(BatchRow.batch_id == batch.id, Certificate.status == "valid")
        .order_by(BatchRow.row_number)
    ).all()
    codes = [new_access_code(protector) for _ in found]
    table = HolderAccess.__table__
    if found:
        session.execute(
            update(table)
            .where(table.c.certificate_id == bindparam("cert_id"))
            .values(code_hash=bindparam("new_hash"), updated_at=now),
            [
                {"cert_id": item.id, "new_hash": digest}
                for item, (_, digest) in zip(found, codes, strict=True)
            ],
        )
    ids = [item.id for item in found]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(HolderSession).where(HolderSession.certificate_id.in_(chunk)))
    changes = [
        Change(
            "certificate.access_code_reset", "certificate", item.serial, detail={"batch": public_id}
        )
        for item in found
    ]
    detail = {"certificates": len(found), "skipped": batch.row_count - len(found)}
    changes.append(Change("batch.access_codes_reissue", "batch", public_id, detail=detail))
    record_many(session, caller.actor, changes, now)
    session.flush()
    return batch, [
        NewCode(item.row_number, item.serial, item.holder_name, item.level, format_serial(code))
        for item, (code, _) in zip(found, codes, strict=True)
    ]


CSV_HEADER = ("row", "serial", "holder_name", "access_code")


def mail_merge_csv(codes: list[NewCode]) -> bytes:
    """The codes as a mail-merge file: UTF-8 with a BOM (so that Excel reads the Chinese
    names), one row per certificate: batch row, serial (grouped), holder's name, code; every
    cell made safe from formulas (certs/spreadsheet.py)."""
    lines = [csv_line(CSV_HEADER)]
    lines.extend(
        csv_line((item.row_number, format_serial(item.serial), item.holder_name, item.access_code))
        for item in codes
    )
    return ("\ufeff" + "".join(lines)).encode()


def create_private_file(path: Path) -> int:
    """A new file only its owner may read (0600); an existing file is never overwritten."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
