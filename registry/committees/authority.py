"""May this committee issue a certificate at this level in this specialty on this date?

One answer for single issuance and for every row of a batch: each reason is a FieldError,
so a batch can report them per row and single issuance raises them together.

The committee must hold its authority on the day of issuance (``authority_errors``), and
also on the day it met and the day it decided (``dated_errors``, 三(四)3: 评审委员会在规定的
评审权限内……确定相应职称): active, within its period, holding the level and the specialty,
in a specialty the catalogue had. A decision dated inside a suspension is refused (三(四)4)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import as_utc, beijing_date
from certs.errors import FieldError
from certs.governance import ACTIVE, STATUS_NAMES, status_on
from registry.audit.models import AuditRecord
from registry.committees.models import Committee, CommitteeStatusChange, Specialty

# session.info keys: a batch checks thousands of rows against one committee's history.
_HISTORY_CACHE = "committee_status_history"
_SCOPE_CACHE = "committee_scope_history"


def status_history(session: Session, committee: Committee) -> list[CommitteeStatusChange]:
    """The committee's decisions in the order they were recorded (cached per session)."""
    cache = session.info.setdefault(_HISTORY_CACHE, {})
    if committee.id not in cache:
        cache[committee.id] = list(
            session.scalars(
                select(CommitteeStatusChange)
                .where(CommitteeStatusChange.committee_id == committee.id)
                .order_by(CommitteeStatusChange.id)
            )
        )
    return cache[committee.id]


def forget_history(session: Session, committee: Committee) -> None:
    session.info.get(_HISTORY_CACHE, {}).pop(committee.id, None)
    session.info.get(_SCOPE_CACHE, {}).pop(committee.id, None)


def committee_status_on(session: Session, committee: Committee, on: dt.date):
    """(status, the decision that set it or None) in force on ``on``."""
    return status_on(status_history(session, committee), on)


def authority_errors(
    session: Session,
    committee: Committee | None,
    specialty: Specialty | None,
    level: str,
    on: dt.date,
) -> list[FieldError]:
    """Every reason the committee may not issue this certificate on ``on`` (empty: it may).
    ``None`` stands for a code that matched nothing."""
    errors = []
    if committee is None:
        errors.append(
            FieldError(
                "committee_code",
                "unknown_committee",
                "No committee has this code.",
                "没有此代码的评审委员会。",
            )
        )
    if specialty is None:
        errors.append(
            FieldError(
                "specialty_code",
                "unknown_specialty",
                "Not in the specialty catalogue.",
                "不在职称专业目录中。",
            )
        )
    if specialty is not None and not _open_on(specialty.valid_from, specialty.valid_to, on):
        errors.append(
            FieldError(
                "specialty_code",
                "specialty_retired",
                f"This specialty is not open for new certificates on {on.isoformat()}.",
                f"该专业在 {on.isoformat()} 不可用于新发证书。",
            )
        )
    if committee is not None:
        errors.extend(_committee_errors(session, committee, specialty, level, on))
    return errors


def _committee_errors(
    session: Session, committee: Committee, specialty: Specialty | None, level: str, on: dt.date
) -> list[FieldError]:
    errors = []
    status, decision = committee_status_on(session, committee, on)
    if status != ACTIVE:
        status_zh, status_en = STATUS_NAMES[status]
        errors.append(
            FieldError(
                "committee_code",
                f"committee_{status}",
                f"The committee cannot issue: {status_en.lower()} from "
                f"{decision.effective_date.isoformat()} (decision {decision.decision_number}).",
                f"该评审委员会不能发证：自 {decision.effective_date.isoformat()} 起"
                f"{status_zh}（决定文号 {decision.decision_number}）。",
            )
        )
    if not _open_on(committee.valid_from, committee.valid_to, on):
        errors.append(
            FieldError(
                "committee_code",
                "outside_authority_period",
                f"The committee's authority does not cover {on.isoformat()}.",
                f"该评审委员会的评审权有效期不包括 {on.isoformat()}。",
            )
        )
    if level not in committee.levels:
        errors.append(
            FieldError(
                "level",
                "outside_authority",
                "The committee has no authority for this level.",
                "该评审委员会无权评审此层级。",
            )
        )
    if specialty is not None and specialty.code not in committee.specialties:
        errors.append(
            FieldError(
                "specialty_code",
                "outside_authority",
                "The committee has no authority for this specialty.",
                "该评审委员会无权评审此专业。",
            )
        )
    return errors


def _open_on(valid_from: dt.date, valid_to: dt.date | None, on: dt.date) -> bool:
    return valid_from <= on and (valid_to is None or on <= valid_to)


@dataclass(frozen=True)
class Occasion:
    """A past day the committee's authority is checked on, and the field a refusal names."""

    field: str
    name_en: str
    name_zh: str


DECIDED = Occasion("decision_date", "the decision date", "决定日期")
MET = Occasion("meeting_date", "the meeting date", "评审会议日期")


def scope_on(session: Session, committee: Committee, on: dt.date) -> tuple[list[str], list[str]]:
    """The levels and specialties the committee held on ``on``. A change of authority takes
    effect on the (Beijing) day it is recorded; the audit trail keeps what each one replaced,
    so the scope of an earlier day is today's with the later changes undone."""
    levels, specialties = list(committee.levels), list(committee.specialties)
    for day, before in reversed(_scope_changes(session, committee)):
        if day <= on:
            break
        levels = before.get("levels", levels)
        specialties = before.get("specialties", specialties)
    return levels, specialties


def _scope_changes(session: Session, committee: Committee) -> list[tuple[dt.date, dict]]:
    cache = session.info.setdefault(_SCOPE_CACHE, {})
    if committee.id not in cache:
        records = session.execute(
            select(AuditRecord.at, AuditRecord.detail)
            .where(
                AuditRecord.object_type == "committee",
                AuditRecord.object_id == committee.code,
                AuditRecord.action == "committee.authority",
            )
            .order_by(AuditRecord.seq)
        )
        cache[committee.id] = [
            (beijing_date(as_utc(at)), json.loads(detail).get("before", {}))
            for at, detail in records
        ]
    return cache[committee.id]


def committee_dated_errors(
    session: Session, committee: Committee, on: dt.date, occasion: Occasion
) -> list[FieldError]:
    """The committee's status and period on ``on``, named by the occasion's field."""
    errors = []
    status, decision = committee_status_on(session, committee, on)
    if status != ACTIVE:
        status_zh, status_en = STATUS_NAMES[status]
        since, number = decision.effective_date.isoformat(), decision.decision_number
        errors.append(
            FieldError(
                occasion.field,
                f"committee_{status}",
                f"On {occasion.name_en}, {on}, the committee was {status_en.lower()} (from "
                f"{since}, decision {number}): it could not review or decide then (三(四)4).",
                f"{occasion.name_zh}（{on}）该评审委员会处于“{status_zh}”状态（自 {since} 起，"
                f"决定文号 {number}），当日不能评审或作出决定（三(四)4）。",
            )
        )
    if not _open_on(committee.valid_from, committee.valid_to, on):
        ends_en, ends_zh = (committee.valid_to or "no end date"), (committee.valid_to or "长期")
        errors.append(
            FieldError(
                occasion.field,
                "outside_authority_period",
                f"The committee's authority ({committee.valid_from} to {ends_en}) does not "
                f"cover {occasion.name_en}, {on} (三(四)3: 评审委员会在规定的评审权限内).",
                f"该评审委员会的评审权有效期（{committee.valid_from} 至 {ends_zh}）不包括"
                f"{occasion.name_zh} {on}（三(四)3：评审委员会在规定的评审权限内）。",
            )
        )
    return errors


def scope_dated_errors(
    session: Session,
    committee: Committee,
    specialty: Specialty,
    level: str,
    on: dt.date,
    occasion: Occasion,
) -> list[FieldError]:
    """The level and specialty the committee held on ``on``, and the catalogue that day.
    A gap that lasts to this day is left to the check of the day of issuance, which names
    it once."""
    levels, specialties = scope_on(session, committee, on)
    errors = []
    if level not in levels and level in committee.levels:
        errors.append(_out_of_scope(occasion, on, "this level", "此层级"))
    if specialty.code not in specialties and specialty.code in committee.specialties:
        errors.append(_out_of_scope(occasion, on, "this specialty", "此专业"))
    if on < specialty.valid_from:  # retired before ``on`` is retired today as well
        errors.append(
            FieldError(
                occasion.field,
                "specialty_not_open",
                f"On {occasion.name_en}, {on}, the specialty {specialty.code} was not yet in "
                f"the catalogue (from {specialty.valid_from}; 三(一)2).",
                f"{occasion.name_zh}（{on}）专业 {specialty.code} 尚未列入职称专业目录"
                f"（自 {specialty.valid_from} 起；三(一)2）。",
            )
        )
    return errors


def dated_errors(
    session: Session,
    committee: Committee,
    specialty: Specialty,
    level: str,
    on: dt.date,
    occasion: Occasion,
) -> list[FieldError]:
    """Every reason the committee could not have reviewed or decided this title on ``on``."""
    return [
        *committee_dated_errors(session, committee, on, occasion),
        *scope_dated_errors(session, committee, specialty, level, on, occasion),
    ]


def _out_of_scope(occasion: Occasion, on: dt.date, what_en: str, what_zh: str) -> FieldError:
    return FieldError(
        occasion.field,
        "outside_authority",
        f"On {occasion.name_en}, {on}, the committee had no authority for {what_en} (三(四)3).",
        f"{occasion.name_zh}（{on}）该评审委员会无权评审{what_zh}（三(四)3）。",
    )
