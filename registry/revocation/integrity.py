"""Integrity records (职称评价诚信档案): fraud found, and the years a person may not apply.

Fraud is recorded at every stage (三(二)1, 一票否决): a fraud revocation, or, before any title
is issued, an objection upheld for fraud or a batch row withdrawn for it. Each record opens
reviews of the person's other titles; an upheld appeal withdraws it (by reinstating the
certificate, or by the record's own withdrawal). A record is keyed by the keyed hash of the
ID-card number, never by the name. Only the bureau reads them; nothing here reaches the
public projection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from certs.revocation import FRAUD_KINDS
from registry.audit import services as audit
from registry.audit.services import Actor
from registry.batches.models import BatchRow, Objection
from registry.certificates.models import Certificate
from registry.revocation import reviews
from registry.revocation.models import IntegrityRecord


def bar_for(session: Session, id_number_hash: str, on: dt.date) -> IntegrityRecord | None:
    """The record barring new applications on ``on`` for this person, or None."""
    return session.scalars(
        select(IntegrityRecord)
        .where(
            IntegrityRecord.id_number_hash == id_number_hash,
            IntegrityRecord.withdrawn_at.is_(None),
            IntegrityRecord.barred_from <= on,
            IntegrityRecord.barred_until > on,
        )
        .order_by(IntegrityRecord.barred_until.desc())
        .limit(1)
    ).first()


def barred_error(record: IntegrityRecord, field: str = "holder_id_number") -> FieldError:
    """The refusal for a barred person, naming the period in both languages."""
    until = record.barred_until - dt.timedelta(days=1)
    return FieldError(
        field,
        "barred",
        f"This person is barred from new title applications from {record.barred_from} "
        f"to {until} (integrity record, decision {record.decision_number}).",
        f"此人因职称评价失信记录（{record.decision_number}），"
        f"{record.barred_from} 至 {until} 期间不得申报职称。",
    )


def refuse_if_barred(session: Session, id_number_hash: str, days: tuple[dt.date, ...]) -> None:
    for day in days:
        record = bar_for(session, id_number_hash, day)
        if record is not None:
            raise InvalidInputError(errors=[barred_error(record)])


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class FraudFinding:
    """Fraud found against a person (三(二)1): its kind, what was falsified, and the
    decision it is recorded under, with the day the bar starts."""

    conduct: str  # one of certs.revocation.FRAUD_KINDS
    decision_number: str
    decision_date: dt.date
    description: str | None = None
    note: str | None = None  # private


def record_fraud(
    session: Session,
    certificate: Certificate,
    finding: FraudFinding,
    bar_years: int,
    now: dt.datetime,
) -> tuple[IntegrityRecord, list[int]]:
    """The record a fraud revocation makes, and the reviews of the person's other titles
    it opens (their ids)."""
    holder = certificate.holder
    record = _new_record(finding, bar_years, now)
    record.id_number_hash, record.id_number_masked = holder.id_number_hash, holder.id_number_masked
    record.holder_name, record.certificate_serial = certificate.holder_name, certificate.serial
    return _keep(session, record, now, revoked=certificate)


def record_fraud_in_evaluation(
    session: Session,
    row: BatchRow,
    objection: Objection | None,
    finding: FraudFinding,
    bar_years: int,
    now: dt.datetime,
) -> tuple[IntegrityRecord, list[int]]:
    """The record fraud found during the evaluation makes (一票否决 before any title is
    issued): an objection upheld during the notice, or a row withdrawn from its batch."""
    record = _new_record(finding, bar_years, now)
    record.id_number_hash, record.id_number_masked = row.holder_id_hash, row.holder_id_masked
    record.holder_name, record.batch_row_id = row.holder_name, row.id
    record.objection_id = objection.id if objection is not None else None
    return _keep(session, record, now, revoked=None)


def _new_record(finding: FraudFinding, bar_years: int, now: dt.datetime) -> IntegrityRecord:
    if finding.conduct not in FRAUD_KINDS:
        raise ValueError(f"{finding.conduct} is not fraud")
    return IntegrityRecord(
        conduct=finding.conduct,
        description=finding.description,
        decision_number=finding.decision_number,
        decision_date=finding.decision_date,
        barred_from=finding.decision_date,
        barred_until=_years_after(finding.decision_date, bar_years),
        note=finding.note,
        created_at=now,
    )


def _keep(
    session: Session, record: IntegrityRecord, now: dt.datetime, revoked: Certificate | None
) -> tuple[IntegrityRecord, list[int]]:
    """Store the record; the person's titles (but the one revoked) go to review."""
    session.add(record)
    session.flush()
    return record, reviews.open_reviews(session, record, revoked, now)


def withdraw_for_certificate(
    session: Session, serial: str, decision_number: str, actor: str, now: dt.datetime
) -> list[int]:
    """An upheld appeal withdraws the records the revocation made; returns their ids."""
    records = session.scalars(
        select(IntegrityRecord).where(
            IntegrityRecord.certificate_serial == serial, IntegrityRecord.withdrawn_at.is_(None)
        )
    ).all()
    for record in records:
        _withdraw(session, record, decision_number, actor, now)
    session.flush()
    return [record.id for record in records]


def _withdraw(
    session: Session, record: IntegrityRecord, decision_number: str, actor: str, now: dt.datetime
) -> list[int]:
    record.withdrawn_at, record.withdrawn_decision = now, decision_number
    return reviews.cancel_reviews(session, record, decision_number, actor, now)


def withdraw_record(
    session: Session,
    actor: Actor,
    record_id: int,
    decision_number: str,
    now: dt.datetime,
) -> IntegrityRecord:
    """An upheld appeal against fraud found during the evaluation withdraws its record (a
    revocation's record is withdrawn by reinstating the certificate)."""
    record = get_record(session, record_id, lock=True)
    _refuse_withdrawal(record, decision_number)
    cancelled = _withdraw(session, record, decision_number, actor.label, now)
    session.flush()
    detail = {"source": record.source, "reviews_cancelled": cancelled}
    audit.record(
        session,
        actor,
        audit.Change(
            "integrity_record.withdraw", "integrity_record", str(record.id), decision_number, detail
        ),
        now,
    )
    return record


def _refuse_withdrawal(record: IntegrityRecord, decision_number: str) -> None:
    if record.withdrawn_at is not None:
        raise ConflictError(
            f"Integrity record {record.id} was withdrawn by {record.withdrawn_decision}.",
            f"诚信档案记录 {record.id} 已由 {record.withdrawn_decision} 撤回。",
        )
    if record.certificate_serial is not None:
        raise ConflictError(
            f"Integrity record {record.id} came with the revocation of certificate "
            f"{record.certificate_serial}: an upheld appeal reinstates the certificate, which "
            "withdraws the record (policy 三(二)1).",
            f"诚信档案记录 {record.id} 随证书 {record.certificate_serial} 的撤销而记入："
            "复议或申诉成立的，应恢复该证书，记录随之撤回（三(二)1）。",
        )
    if decision_number == record.decision_number:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "decision_number",
                    "same_as_finding",
                    "Withdrawing the record needs its own decision (the appeal's), not the "
                    "number of the finding of fraud (policy 三(二)1).",
                    "撤回诚信档案记录须有复议或申诉的单独决定文号，不能沿用认定弄虚作假的"
                    "决定文号（三(二)1）。",
                )
            ]
        )


def list_records(
    session: Session, id_number_hash: str | None, after_id: int, limit: int
) -> list[IntegrityRecord]:
    statement = select(IntegrityRecord).where(IntegrityRecord.id > after_id)
    if id_number_hash is not None:
        statement = statement.where(IntegrityRecord.id_number_hash == id_number_hash)
    return list(session.scalars(statement.order_by(IntegrityRecord.id).limit(limit)))


MAX_ID = 2**31 - 1  # an INTEGER column: a larger number names nothing


def get_record(session: Session, record_id: int, *, lock: bool = False) -> IntegrityRecord:
    record = None
    if 0 < record_id <= MAX_ID:
        statement = select(IntegrityRecord).where(IntegrityRecord.id == record_id)
        if lock:
            statement = statement.with_for_update(of=IntegrityRecord)
        record = session.scalar(statement)
    if record is None:
        raise NotFoundError(
            f"No integrity record {record_id}.", f"没有编号为 {record_id} 的诚信档案记录。"
        )
    return record
