"""Integrity records (职称评价诚信档案): fraud found, and the years a person may not apply.

A record is keyed by the keyed hash of the ID-card number, never by the name. Only the
bureau reads them; nothing here reaches the public projection."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import FieldError, InvalidInputError, NotFoundError
from certs.revocation import REVOCATION_REASONS
from registry.certificates.models import Certificate
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


def record_fraud(
    session: Session,
    certificate: Certificate,
    conduct: str,
    decision_number: str,
    effective_date: dt.date,
    bar_years: int,
    note: str | None,
    now: dt.datetime,
) -> IntegrityRecord:
    if not REVOCATION_REASONS[conduct].fraud:
        raise ValueError(f"{conduct} is not fraud")
    record = IntegrityRecord(
        id_number_hash=certificate.holder.id_number_hash,
        id_number_masked=certificate.holder.id_number_masked,
        holder_name=certificate.holder_name,
        certificate_serial=certificate.serial,
        conduct=conduct,
        decision_number=decision_number,
        decision_date=effective_date,
        barred_from=effective_date,
        barred_until=_years_after(effective_date, bar_years),
        note=note,
        created_at=now,
    )
    session.add(record)
    session.flush()
    return record


def withdraw_for_certificate(
    session: Session, serial: str, decision_number: str, now: dt.datetime
) -> list[int]:
    """An upheld appeal withdraws the records the revocation made; returns their ids."""
    records = session.scalars(
        select(IntegrityRecord).where(
            IntegrityRecord.certificate_serial == serial, IntegrityRecord.withdrawn_at.is_(None)
        )
    ).all()
    for record in records:
        record.withdrawn_at, record.withdrawn_decision = now, decision_number
    session.flush()
    return [record.id for record in records]


def list_records(
    session: Session, id_number_hash: str | None, after_id: int, limit: int
) -> list[IntegrityRecord]:
    statement = select(IntegrityRecord).where(IntegrityRecord.id > after_id)
    if id_number_hash is not None:
        statement = statement.where(IntegrityRecord.id_number_hash == id_number_hash)
    return list(session.scalars(statement.order_by(IntegrityRecord.id).limit(limit)))


MAX_ID = 2**31 - 1  # an INTEGER column: a larger number names nothing


def get_record(session: Session, record_id: int) -> IntegrityRecord:
    record = session.get(IntegrityRecord, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise NotFoundError(
            f"No integrity record {record_id}.", f"没有编号为 {record_id} 的诚信档案记录。"
        )
    return record
