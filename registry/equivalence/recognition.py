"""Recognition (认定): a title certificate for a qualification on the equivalence list.

The bureau records the person's qualification certificate and issues the title the list
gives it, through ``issue_certificate``, with the route ``qualification_equivalence``, the
评价方式 ``recognition`` and the qualification as its basis.

Who may: the bureau alone. 认定 is an evaluation method of its own (三(四)2: 考试、评审、
面试答辩、业绩展示、认定), applying the correspondence list the bureau keeps (三(三)3); the
public notice of 三(四)4 (公示制度) belongs to 评审, which is why every title from a
committee's review comes from a results batch on notice. A committee therefore records no
recognition: a title a committee grants is a review result and goes on notice.

Under whose authority: every certificate names a committee whose filed authority covers
its level and specialty, and a recognition is no different: the bureau names one, and the
usual checks refuse a committee that is suspended or lacks the level or the specialty. A
bureau-run recognition body, if there is one, is filed as a committee with its own
authority."""

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
    committee_code = _committee_code(data)
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


def _committee_code(data: dict) -> str:
    if data.get("committee_code"):
        return data["committee_code"]
    raise InvalidInputError(
        errors=[
            _error(
                "committee_code",
                "committee_required",
                "Name the committee whose authority covers the level and specialty of the "
                "recognised title.",
                "办理认定须指定其评审权限涵盖该层级和专业的评审委员会。",
            )
        ]
    )


def _error(field: str, code: str, en: str, zh: str) -> FieldError:
    return FieldError(field, code, en, zh)
