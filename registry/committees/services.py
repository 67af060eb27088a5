"""Committees and the specialty catalogue, as far as issuance needs them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from certs.errors import ConflictError, FieldError, InvalidInputError
from registry.audit.services import Actor, Change, record
from registry.committees.models import Committee, Specialty, SpecialtyName
from registry.projection.catalogue import project_committee, project_specialty


def create_committee(session: Session, actor: Actor, data: dict, now: dt.datetime) -> Committee:
    unknown = [
        code
        for code in data["specialties"]
        if session.scalar(select(Specialty.id).where(Specialty.code == code)) is None
    ]
    if unknown:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "specialties",
                    "unknown_specialty",
                    f"Not in the specialty catalogue: {', '.join(unknown)}.",
                    f"不在职称专业目录中：{'、'.join(unknown)}。",
                )
            ]
        )
    committee = _insert(
        session, Committee(**data, status="active", created_at=now), "committee", data["code"]
    )
    project_committee(session, committee, now)
    record(
        session,
        actor,
        Change("committee.create", "committee", committee.code, detail=data),
        now,
    )
    return committee


def create_specialty(session: Session, actor: Actor, data: dict, now: dt.datetime) -> Specialty:
    specialty = _insert(session, Specialty(**data, created_at=now), "specialty", data["code"])
    _record_first_name(session, specialty, now)
    record(
        session,
        actor,
        Change("specialty.create", "specialty", specialty.code, detail=data),
        now,
    )
    return specialty


def _insert(session: Session, row, kind: str, code: str):
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        kind_zh = {"committee": "评审委员会", "specialty": "专业"}[kind]
        raise ConflictError(
            f"A {kind} with code {code} already exists.", f"代码为 {code} 的{kind_zh}已存在。"
        ) from None
    return row


def _record_first_name(session: Session, specialty: Specialty, now: dt.datetime) -> None:
    """The name a specialty is added with starts its name history."""
    session.add(
        SpecialtyName(
            specialty_id=specialty.id,
            name_zh=specialty.name_zh,
            name_en=specialty.name_en,
            valid_from=specialty.valid_from,
            valid_to=None,
            recorded_at=now,
        )
    )
    session.flush()
    project_specialty(session, specialty, now)


# The entries imported titles point to (registry.imports.services.register_entries): a
# historical issuing body and "the specialty as written", never a committee or a catalogue
# entry anyone can act through, list or issue under.
REGISTER_CODE = "REGISTER"


def list_committees(session: Session) -> list[Committee]:
    return list(
        session.scalars(
            select(Committee).where(Committee.code != REGISTER_CODE).order_by(Committee.code)
        )
    )


def list_specialties(session: Session) -> list[Specialty]:
    return list(
        session.scalars(
            select(Specialty).where(Specialty.code != REGISTER_CODE).order_by(Specialty.code)
        )
    )


def committee_by_code(session: Session, code: str) -> Committee | None:
    if code == REGISTER_CODE:
        return None
    return session.scalar(select(Committee).where(Committee.code == code))


def specialty_by_code(session: Session, code: str) -> Specialty | None:
    if code == REGISTER_CODE:
        return None
    return session.scalar(select(Specialty).where(Specialty.code == code))
