"""The specialty catalogue over time: renames that keep the old names, retirement.

A certificate keeps the specialty name it was issued with: the name row in use at the
moment of issue (``recorded_at``), not whatever the catalogue says today."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from registry.audit.services import Actor, Change, record
from registry.certificates.models import Certificate
from registry.committees.models import Specialty, SpecialtyName
from registry.committees.services import specialty_by_code
from registry.projection.catalogue import project_specialty

ONE_DAY = dt.timedelta(days=1)


def find_specialty(session: Session, code: str) -> Specialty:
    specialty = specialty_by_code(session, code)
    if specialty is None:
        raise NotFoundError(f"No specialty {code}.", f"职称专业目录中没有代码 {code}。")
    return specialty


def name_history(session: Session, specialty: Specialty) -> list[SpecialtyName]:
    return list(
        session.scalars(
            select(SpecialtyName)
            .where(SpecialtyName.specialty_id == specialty.id)
            .order_by(SpecialtyName.recorded_at, SpecialtyName.id)
        )
    )


def specialty_record(session: Session, specialty: Specialty) -> dict:
    fields = ("code", "name_zh", "name_en", "field", "valid_from", "valid_to")
    return {
        **{field: getattr(specialty, field) for field in fields},
        "names": name_history(session, specialty),
    }


def issued_specialty(session: Session, certificate: Certificate) -> dict:
    """Code and names of the certificate's specialty as they were when it was issued."""
    in_use = [n for n in _names(session, certificate.specialty_id) if n[0] <= certificate.issued_at]
    _at, name_zh, name_en = in_use[-1] if in_use else (None, *_current(certificate.specialty))
    # An imported title keeps the specialty as its original wrote it.
    name_zh = certificate.specialty_as_written or name_zh
    return {"code": certificate.specialty.code, "name_zh": name_zh, "name_en": name_en}


# session.info key: re-signing and projecting many certificates of a few specialties reads
# each one's names once per session.
_NAMES_CACHE = "specialty_names_in_use"


def _names(session: Session, specialty_id: int) -> list[tuple[dt.datetime, str, str]]:
    cache = session.info.setdefault(_NAMES_CACHE, {})
    if specialty_id not in cache:
        rows = session.execute(
            select(SpecialtyName.recorded_at, SpecialtyName.name_zh, SpecialtyName.name_en)
            .where(SpecialtyName.specialty_id == specialty_id)
            .order_by(SpecialtyName.recorded_at, SpecialtyName.id)
        )
        cache[specialty_id] = [tuple(row) for row in rows]
    return cache[specialty_id]


def _current(specialty: Specialty) -> tuple[str, str]:
    return specialty.name_zh, specialty.name_en


def rename_specialty(
    session: Session, actor: Actor, specialty: Specialty, data: dict, now: dt.datetime
) -> Specialty:
    today = beijing_date(now)
    valid_from = data.get("valid_from") or today
    current = name_history(session, specialty)[-1]
    if (data["name_zh"], data["name_en"]) == (current.name_zh, current.name_en):
        raise ConflictError("The specialty already has this name.", "该专业已是此名称。")
    if valid_from > today or valid_from <= current.valid_from:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "valid_from",
                    "invalid_rename_date",
                    f"The new name must start after {current.valid_from.isoformat()} "
                    "(when the current name started) and no later than today.",
                    f"新名称的启用日期须晚于现名称的启用日期（{current.valid_from.isoformat()}），"
                    "且不晚于今天。",
                )
            ]
        )
    current.valid_to = valid_from - ONE_DAY
    session.add(
        SpecialtyName(
            specialty_id=specialty.id,
            name_zh=data["name_zh"],
            name_en=data["name_en"],
            valid_from=valid_from,
            valid_to=None,
            recorded_at=now,
            reason=data["reason"],
        )
    )
    before = {"name_zh": specialty.name_zh, "name_en": specialty.name_en}
    specialty.name_zh, specialty.name_en = data["name_zh"], data["name_en"]
    session.flush()
    session.info.get(_NAMES_CACHE, {}).pop(specialty.id, None)
    project_specialty(session, specialty, now)
    detail = {
        "before": before,
        "after": {"name_zh": data["name_zh"], "name_en": data["name_en"]},
        "valid_from": valid_from.isoformat(),
    }
    change = Change("specialty.rename", "specialty", specialty.code, data["reason"], detail)
    record(session, actor, change, now)
    return specialty


def retire_specialty(
    session: Session, actor: Actor, specialty: Specialty, data: dict, now: dt.datetime
) -> Specialty:
    """Close the specialty to new certificates from ``retired_from``; issued ones stay."""
    retired_from = data["retired_from"]
    if specialty.valid_to is not None:
        when = specialty.valid_to.isoformat()
        raise ConflictError(
            f"The specialty already closes after {when}.", f"该专业已定于 {when} 之后停用。"
        )
    if retired_from <= specialty.valid_from:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "retired_from",
                    "before_opening",
                    "A specialty can only be retired after the day it opened.",
                    "停用日期须晚于该专业的启用日期。",
                )
            ]
        )
    specialty.valid_to = retired_from - ONE_DAY
    session.flush()
    project_specialty(session, specialty, now)
    detail = {"retired_from": retired_from.isoformat(), "valid_to": specialty.valid_to.isoformat()}
    change = Change("specialty.retire", "specialty", specialty.code, data["reason"], detail)
    record(session, actor, change, now)
    return specialty
