"""Importing the existing register, chunk by chunk: each chunk of rows is checked,
signed and recorded in one transaction with the run's progress, so it commits completely or
not at all, and an interrupted import resumes after the last chunk committed.

A row becomes a certificate of this registry through the one issuance pipeline
(``registry.certificates.pipeline.issue``), route ``imported``: its own serial and status
index, both credentials signed by the registry (the bureau attesting its register), the
original number and source in the credential, the public record and the audit trail, and an
access code for the holder. The issuing body and specialty are kept as written then; the
certificate's committee is the registry's historical-body entry (``REGISTER``), which holds
no authority and is never published as a committee.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import FieldError
from certs.evaluation import REGISTER
from certs.idcard import mask_id_number
from certs.levels import IMPORTED, TRACK_NOT_RECORDED
from certs.register_import import (
    RegisterRow,
    barred_note,
    duplicate_note,
    lookup_message,
    lookup_text,
    read_row,
    source_text,
)
from registry.audit.services import Actor
from registry.certificates.models import HELD_STATUSES, Certificate, Holder
from registry.certificates.pipeline import (
    Grant,
    HolderIdentity,
    Issued,
    Registration,
    SpecialtyNames,
    issue,
)
from registry.committees.models import Committee, Specialty
from registry.committees.services import REGISTER_CODE
from registry.imports.models import ImportRow, ImportRun
from registry.keys.issuer import Issuer
from registry.protect import IdNumberProtector
from registry.revocation.integrity import barred_error
from registry.revocation.models import IntegrityRecord

HISTORICAL = "historical"


@dataclass
class Outcome:
    """What a chunk (or a whole small file) came to."""

    imported: list[Issued] = field(default_factory=list)
    duplicates: int = 0
    refused: int = 0
    report: list[tuple[str, FieldError]] = field(default_factory=list)  # (outcome, why)

    def add(self, other: Outcome) -> None:
        self.imported += other.imported
        self.duplicates += other.duplicates
        self.refused += other.refused
        self.report += other.report


def original_lookup_hash(protector: IdNumberProtector, number: str, name: str) -> str:
    """The keyed hash an imported title is found by: its original number and the holder's
    full name, both normalised (``certs.register_import.lookup_text``)."""
    key = hashlib.sha256(protector.access_key + b"original-number lookup v1").digest()
    return hmac.new(key, lookup_message(number, name), hashlib.sha256).hexdigest()


def register_entries(session: Session, now: dt.datetime) -> tuple[Committee, Specialty]:
    """The registry's entries that imported titles point to where a certificate names a
    committee and a specialty: a historical body with no authority (status ``historical``,
    no levels, no specialties), never projected, and a catalogue entry standing for "the
    specialty as written" (retired the day it was made). Made once."""
    committee = session.scalar(select(Committee).where(Committee.code == REGISTER_CODE))
    if committee is None:
        committee = Committee(
            code=REGISTER_CODE,
            name_zh="原发证机构（存量职称登记）",
            name_en="Original issuing body (existing register)",
            organisation="北京市人力资源和社会保障局",
            filing_number="-",
            levels=[],
            specialties=[],
            valid_from=dt.date(1949, 10, 1),
            valid_to=dt.date(1949, 10, 1),
            status=HISTORICAL,
            created_at=now,
        )
        session.add(committee)
    specialty = session.scalar(select(Specialty).where(Specialty.code == REGISTER_CODE))
    if specialty is None:
        specialty = Specialty(
            code=REGISTER_CODE,
            name_zh="按原证书所载专业",
            name_en="As written on the original certificate",
            field="-",
            valid_from=dt.date(1949, 10, 1),
            valid_to=dt.date(1949, 10, 1),
            created_at=now,
        )
        session.add(specialty)
    session.flush()
    return committee, specialty


def catalogue_map(session: Session) -> dict[str, SpecialtyNames]:
    """Catalogue specialties by their normalised Chinese name and code: a specialty as
    written then maps onto one when it reads the same."""
    found: dict[str, SpecialtyNames] = {}
    for specialty in session.scalars(select(Specialty).where(Specialty.code != REGISTER_CODE)):
        names = SpecialtyNames.of(specialty)
        found[lookup_text(specialty.name_zh)] = names
        found[lookup_text(specialty.code)] = names
    return found


@dataclass(frozen=True)
class Context:
    """What every chunk of one import needs."""

    file_sha256: str
    issuer: Issuer | None  # None: a dry run, which writes nothing
    protector: IdNumberProtector
    actor: Actor
    committee: Committee
    fallback_specialty: SpecialtyNames
    catalogue: dict[str, SpecialtyNames]
    now: dt.datetime


def import_chunk(
    session: Session, context: Context, chunk: list[tuple[int, dict[str, str]]]
) -> Outcome:
    """Check, sign and record one chunk, in the caller's transaction; with no issuer (a dry
    run), check only."""
    today = beijing_date(context.now)
    outcome = Outcome()
    rows: list[RegisterRow] = []
    outcomes: dict[int, str] = {}
    for number, data in chunk:
        read = read_row(number, data, today)
        if isinstance(read, list):
            outcome.refused += 1
            outcome.report += [("refused", e) for e in read]
            outcomes[number] = "refused"
        else:
            rows.append(read)
    hashes = {row.row: context.protector.lookup_hash(row.id_number) for row in rows}
    held = _held(session, set(hashes.values()))
    records = _integrity_records(session, set(hashes.values()))
    grants: list[Grant] = []
    for row in rows:
        digest = hashes[row.row]
        if (digest, row.level) in held:
            outcome.duplicates += 1
            outcome.report.append(("duplicate", duplicate_note(row.row, held[digest, row.level])))
            outcomes[row.row] = "duplicate"
            continue
        refusal, notes = _integrity(row, records.get(digest, []))
        if refusal is not None:
            outcome.refused += 1
            outcome.report.append(("refused", refusal))
            outcomes[row.row] = "refused"
            continue
        outcome.report += [("note", note) for note in notes]
        held[digest, row.level] = f"(row {row.row})"  # a repeat later in the file
        grants.append(_grant(context, row, digest))
    if context.issuer is None:
        outcome.imported = [Issued(0, "", g.row_number, g.holder_name, g.level, "") for g in grants]
        return outcome
    issued = (
        issue(session, grants, context.issuer, context.actor, None, context.protector, context.now)
        if grants
        else []
    )
    outcome.imported = issued
    by_row = {item.row_number: item.id for item in issued}
    _record_rows(session, context.file_sha256, outcomes, by_row)
    return outcome


def _grant(context: Context, row: RegisterRow, digest: str) -> Grant:
    specialty = context.catalogue.get(lookup_text(row.specialty), context.fallback_specialty)
    protector = context.protector
    return Grant(
        holder=HolderIdentity(
            digest, protector.encrypt(row.id_number), mask_id_number(row.id_number)
        ),
        holder_name=row.holder_name,
        level=row.level,
        specialty=specialty,
        committee=context.committee,
        decision_number=row.decision_number,
        decision_date=row.decision_date,
        evaluation_track=TRACK_NOT_RECORDED,
        evaluation_method=REGISTER,
        route=IMPORTED,
        row_number=row.row,
        audit_detail={"file_sha256": context.file_sha256, "row": str(row.row)},
        registration=Registration(
            original_number=row.original_number,
            source=source_text(row.source, row.source_year),
            issuing_body=row.issuing_body,
            specialty_as_written=row.specialty,
            lookup_hash=original_lookup_hash(protector, row.original_number, row.holder_name),
        ),
    )


def _held(session: Session, digests: set[str]) -> dict[tuple[str, str], str]:
    """(ID hash, level) -> serial of the titles these people hold."""
    if not digests:
        return {}
    found = session.execute(
        select(Holder.id_number_hash, Certificate.level, Certificate.serial)
        .join(Certificate, Certificate.holder_id == Holder.id)
        .where(Holder.id_number_hash.in_(digests), Certificate.status.in_(HELD_STATUSES))
    ).all()
    return {(digest, level): serial for digest, level, serial in found}


def _integrity_records(session: Session, digests: set[str]) -> dict[str, list[IntegrityRecord]]:
    if not digests:
        return {}
    found: dict[str, list[IntegrityRecord]] = {}
    for record in session.scalars(
        select(IntegrityRecord).where(
            IntegrityRecord.id_number_hash.in_(digests), IntegrityRecord.withdrawn_at.is_(None)
        )
    ):
        found.setdefault(record.id_number_hash, []).append(record)
    return found


def _integrity(
    row: RegisterRow, records: Iterable[IntegrityRecord]
) -> tuple[FieldError | None, list[FieldError]]:
    """A title decided while a bar ran is refused; one decided before the fraud's record is
    imported, and the row report says the bar does not reach it."""
    notes = []
    for record in records:
        if record.barred_from <= row.decision_date < record.barred_until:
            error = barred_error(record, "decision_date")
            return FieldError(error.field, error.code, error.message, error.message_zh, row.row), []
        if row.decision_date < record.barred_from:
            notes.append(
                barred_note(row.row, record.barred_from, row.decision_date, record.decision_number)
            )
    return None, notes


def _record_rows(
    session: Session, digest: str, outcomes: dict[int, str], by_row: dict[int | None, int]
) -> None:
    rows = [
        {"file_sha256": digest, "row_number": n, "outcome": o, "certificate_id": None}
        for n, o in outcomes.items()
    ] + [
        {"file_sha256": digest, "row_number": n, "outcome": "imported", "certificate_id": i}
        for n, i in by_row.items()
        if n is not None
    ]
    if rows:
        session.execute(insert(ImportRow.__table__), rows)


def context_for(
    session: Session,
    digest: str,
    issuer: Issuer | None,
    protector: IdNumberProtector,
    actor: Actor,
    now: dt.datetime,
) -> Context:
    committee, specialty = register_entries(session, now)
    return Context(
        digest,
        issuer,
        protector,
        actor,
        committee,
        SpecialtyNames.of(specialty),
        catalogue_map(session),
        now,
    )


def start_run(session: Session, digest: str, name: str, now: dt.datetime) -> ImportRun:
    """The run of this file: new, or the one an earlier attempt left (locked)."""
    run = session.scalar(select(ImportRun).where(ImportRun.file_sha256 == digest).with_for_update())
    if run is None:
        run = ImportRun(
            file_sha256=digest,
            file_name=name[:300],
            status="running",
            rows_done=0,
            codes_through=0,
            imported=0,
            duplicates=0,
            refused=0,
            started_at=now,
            updated_at=now,
        )
        session.add(run)
        session.flush()
    return run


def advance(run: ImportRun, last_row: int, outcome: Outcome, now: dt.datetime) -> None:
    run.rows_done = last_row
    run.imported += len(outcome.imported)
    run.duplicates += outcome.duplicates
    run.refused += outcome.refused
    run.updated_at = now


def new_codes_for_rows(
    session: Session,
    digest: str,
    after: int,
    through: int,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> list[Issued]:
    """New access codes for the certificates this file imported in rows (after, through]:
    those committed by an attempt that stopped before it wrote their codes out (only hashes
    are kept, so the codes it made are lost; the new ones replace them)."""
    from registry.holders.access import grant_access_code

    found = session.execute(
        select(ImportRow.row_number, Certificate)
        .join(Certificate, Certificate.id == ImportRow.certificate_id)
        .where(
            ImportRow.file_sha256 == digest,
            ImportRow.row_number > after,
            ImportRow.row_number <= through,
        )
        .order_by(ImportRow.row_number)
    ).all()
    return [
        Issued(
            certificate.id,
            certificate.serial,
            number,
            certificate.holder_name,
            certificate.level,
            grant_access_code(session, certificate, protector, now),
        )
        for number, certificate in found
    ]
