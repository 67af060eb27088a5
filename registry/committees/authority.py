"""May this committee issue a certificate at this level in this specialty on this date?

One answer for single issuance and for every row of a batch: each reason is a FieldError,
so a batch can report them per row and single issuance raises them together."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import FieldError
from certs.governance import ACTIVE, STATUS_NAMES, status_on
from registry.committees.models import Committee, CommitteeStatusChange, Specialty

# session.info key: a batch checks thousands of rows against one committee's history.
_HISTORY_CACHE = "committee_status_history"


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
