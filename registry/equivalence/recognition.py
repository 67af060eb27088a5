"""Recognition (认定): a title certificate for a qualification on the equivalence list.

The bureau or a committee records the person's qualification certificate and issues the
title the list gives it, through ``issue_certificate`` like any other certificate, with
the route ``qualification_equivalence`` and the qualification as its basis.

Under whose authority: every certificate names a committee whose filed authority covers
its level and specialty, and a recognition is no different. A committee's token issues
under its own committee; the bureau must name one, and the usual checks refuse a
committee that is suspended or lacks the level or the specialty. The bureau gets no
committee-less path: a bureau-run recognition body, if there is one, is filed as a
committee with its own authority."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.equivalence import GRADES
from certs.errors import ConflictError, FieldError, InvalidInputError
from certs.evaluation import RECOGNITION
from registry.audit.services import Actor, Change, record
from registry.certificates.services import issue_certificate
from registry.clients.models import ApiClient
from registry.committees.models import Committee
from registry.equivalence.models import Recognition
from registry.equivalence.services import entry_in_force
from registry.keys.issuer import Issuer
from registry.protect import IdNumberProtector


def recognise(
    session: Session,
    client: ApiClient,
    data: dict,
    issuer: Issuer,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> Recognition:
    today = beijing_date(now)
    entry, version = entry_in_force(session, data["equivalence_code"], today)
    _check_qualification(session, entry, data, today)
    committee_code = _committee_code(session, client, data)
    grade = GRADES[entry.grade]
    request = {
        "holder_name": data["holder_name"],
        "holder_id_number": data["holder_id_number"],
        "level": entry.level,
        "specialty_code": data["specialty_code"],
        "committee_code": committee_code,
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"],
        "evaluation_track": data["evaluation_track"],
        "evaluation_method": RECOGNITION,
        "route": "qualification_equivalence",
        "route_basis": f"{entry.name_zh}（{grade.name_zh}）证书 {data['qualification_number']}"
        f"，对应清单 {entry.code}（第 {version} 版）",
    }
    certificate = issue_certificate(session, client, request, issuer, protector, now)
    recognition = Recognition(
        certificate=certificate,
        equivalence_code=entry.code,
        equivalence_version=version,
        qualification_name=entry.name_zh,
        qualification_grade=entry.grade,
        qualification_number=data["qualification_number"],
        qualification_date=data["qualification_date"],
        created_at=now,
        created_by=client.id,
    )
    session.add(recognition)
    session.flush()
    detail = {
        "equivalence_code": entry.code,
        "equivalence_version": version,
        "grade": entry.grade,
        "level": entry.level,
        "qualification_number": data["qualification_number"],
        "qualification_date": data["qualification_date"].isoformat(),
    }
    change = Change("certificate.recognise", "certificate", certificate.serial, detail=detail)
    record(session, Actor.of_client(client), change, now)
    return recognition


def _check_qualification(session: Session, entry, data: dict, today: dt.date) -> None:
    errors = []
    if data["qualification_grade"] != entry.grade:
        errors.append(
            _error(
                "qualification_grade",
                "grade_mismatch",
                f"Entry {entry.code} is for grade {entry.grade}, not "
                f"{data['qualification_grade']}.",
                f"条目 {entry.code} 对应的资格等级为{GRADES[entry.grade].name_zh}，"
                f"与所填的{GRADES[data['qualification_grade']].name_zh}不符。",
            )
        )
    if entry.provisional:
        errors.append(
            _error(
                "equivalence_code",
                "entry_provisional",
                f"Entry {entry.code} comes from the starter list and the bureau has not "
                "confirmed it yet; it cannot ground a title.",
                f"条目 {entry.code} 来自起步清单，尚未经市人社局审核确认，不能据以认定职称。",
            )
        )
    if data["qualification_date"] > today:
        errors.append(
            _error(
                "qualification_date",
                "in_future",
                "The qualification date is in the future.",
                "职业资格取得日期晚于今天。",
            )
        )
    if errors:
        raise InvalidInputError(errors=errors)
    taken = session.scalar(
        select(Recognition.id).where(
            Recognition.equivalence_code == entry.code,
            Recognition.qualification_number == data["qualification_number"],
        )
    )
    if taken is not None:
        raise ConflictError(
            "This qualification certificate has already been recognised.",
            "该职业资格证书已办理过职称认定。",
        )


def _committee_code(session: Session, client: ApiClient, data: dict) -> str | None:
    if data.get("committee_code"):
        return data["committee_code"]
    if client.role == "committee":
        return session.scalar(select(Committee.code).where(Committee.id == client.committee_id))
    raise InvalidInputError(
        errors=[
            _error(
                "committee_code",
                "committee_required",
                "The bureau must name the committee whose authority covers the level and "
                "specialty of the recognised title.",
                "市人社局办理认定须指定其评审权限涵盖该层级和专业的评审委员会。",
            )
        ]
    )


def _error(field: str, code: str, en: str, zh: str) -> FieldError:
    return FieldError(field, code, en, zh)
