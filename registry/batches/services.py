"""Results batches: submitted for public notice (公示), objected to, then issued whole.

A batch is checked row by row before anything is stored; a batch with one bad row stores
nothing and the answer lists every bad row. Issuance signs every remaining row in one
transaction: it completes, or nothing is issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.decisions import future_errors, meeting_errors, notice_errors
from certs.errors import ConflictError, FieldError, ForbiddenError, InvalidInputError, NotFoundError
from certs.evaluation import REVIEW
from certs.serials import generate_serial
from certs.workdays import WorkingCalendar
from registry.audit.services import Actor, Change, record
from registry.batches.checks import RowChecker
from registry.batches.closing import close_notice
from registry.batches.eligibility import DEFAULT_POLICY, EligibilityPolicy
from registry.batches.fraud import NO_FRAUD, FraudClaim, record_row_fraud
from registry.batches.models import BatchRow, Objection, ResultBatch
from registry.batches.rows import InputRow, load_rows
from registry.certificates.pipeline import Grant, HolderIdentity, Issued, SpecialtyNames, issue
from registry.clients.models import ApiClient
from registry.committees.models import Committee
from registry.committees.services import committee_by_code
from registry.keys.issuer import Issuer
from registry.projection import notices
from registry.protect import IdNumberProtector

# Core statements on the table itself: no ORM bookkeeping per row.
ROWS = BatchRow.__table__


@dataclass(frozen=True)
class NoticeRules:
    calendar: WorkingCalendar
    working_days: int
    objection_contact: str | None = None  # where the public notice says to object


@dataclass(frozen=True)
class Caller:
    """Who acts: the audit trail's actor, and the API client when there is one (the
    operator's CLI has none and acts with the bureau's authority)."""

    actor: Actor
    client: ApiClient | None

    @property
    def committee_id(self) -> int | None:
        return self.client.committee_id if self.client and self.client.role == "committee" else None


def submit_batch(
    session: Session,
    caller: Caller,
    committee_code: str | None,
    rows: list[InputRow],
    issuer: Issuer,
    protector: IdNumberProtector,
    rules: NoticeRules,
    now: dt.datetime,
    progress=None,
    eligibility: EligibilityPolicy = DEFAULT_POLICY,
) -> ResultBatch:
    """Every row checked, the standard conditions (the eligibility engine) included; then
    the batch stored and put on notice, with each row's verdict in the audit trail."""
    committee = _committee_for(session, caller, committee_code)
    today = beijing_date(now)
    loaded, errors = load_rows(rows)
    checker = RowChecker(session, committee, issuer, today, eligibility)
    checked, row_errors = checker.check(loaded, protector, progress)
    errors.extend(row_errors)
    if errors:
        raise InvalidInputError(
            f"{len({e.row for e in errors})} of {len(rows)} rows are refused; nothing was stored.",
            f"{len(rows)} 行中有 {len({e.row for e in errors})} 行不符合要求，本批未保存任何内容。",
            errors=sorted(errors, key=lambda e: (e.row or 0, e.field)),
        )
    notice_from, notice_to = rules.calendar.working_days_after(today, rules.working_days)
    batch = ResultBatch(
        public_id=_batch_id(),
        committee=committee,
        status="notice",
        submitted_at=now,
        submitted_by=caller.actor.label,
        notice_from=notice_from,
        notice_to=notice_to,
        row_count=len(checked),
    )
    session.add(batch)
    session.flush()
    session.execute(insert(ROWS), [{**row, "batch_id": batch.id} for row in checked])
    notices.publish(session, batch, now, rules.objection_contact)
    detail = {
        "committee": committee.code,
        "rows": len(checked),
        "notice_to": str(notice_to),
        "eligibility": {
            "reference": eligibility.reference,
            "part_time": eligibility.part_time,
            "verdicts": checker.verdicts,
        },
    }
    record(
        session, caller.actor, Change("batch.submit", "batch", batch.public_id, detail=detail), now
    )
    return batch


def _batch_id() -> str:
    return "B" + generate_serial()[:10]


def _committee_for(session: Session, caller: Caller, code: str | None) -> Committee:
    if caller.committee_id is not None:
        own = session.get_one(Committee, caller.committee_id)
        if code and code != own.code:
            raise ForbiddenError(
                "A committee token may submit only its own committee's results.",
                "评审委员会令牌只能提交本委员会的评审结果。",
            )
        return own
    committee = committee_by_code(session, code or "")
    if committee is None:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "committee_code",
                    "unknown_committee" if code else "required",
                    "Name the committee whose results these are.",
                    "请指明提交哪个评审委员会的评审结果。",
                )
            ]
        )
    return committee


def get_batch(
    session: Session, caller: Caller, public_id: str, *, lock: bool = False
) -> ResultBatch:
    statement = select(ResultBatch).where(ResultBatch.public_id == public_id)
    if lock:
        statement = statement.with_for_update(of=ResultBatch)
    batch = session.scalar(statement)
    if batch is None or (
        caller.committee_id is not None and batch.committee_id != caller.committee_id
    ):
        raise NotFoundError(f"No batch {public_id}.", f"没有编号为 {public_id} 的批次。")
    return batch


def list_batches(session: Session, caller: Caller, status: str | None) -> list[ResultBatch]:
    statement = select(ResultBatch).order_by(ResultBatch.submitted_at.desc(), ResultBatch.id.desc())
    if caller.committee_id is not None:
        statement = statement.where(ResultBatch.committee_id == caller.committee_id)
    if status:
        statement = statement.where(ResultBatch.status == status)
    return list(session.scalars(statement.limit(500)))


def batch_rows(session: Session, batch: ResultBatch) -> list[BatchRow]:
    return list(
        session.scalars(
            select(BatchRow).where(BatchRow.batch_id == batch.id).order_by(BatchRow.row_number)
        )
    )


def batch_objections(session: Session, batch: ResultBatch) -> list[Objection]:
    return list(
        session.scalars(
            select(Objection).where(Objection.batch_id == batch.id).order_by(Objection.id)
        )
    )


def record_objection(
    session: Session,
    caller: Caller,
    public_id: str,
    row_number: int,
    summary: str,
    now: dt.datetime,
) -> Objection:
    batch = get_batch(session, caller, public_id, lock=True)
    _require_notice(batch)
    if beijing_date(now) > batch.notice_to:
        raise ConflictError(
            f"The notice period ended on {batch.notice_to}; objections are no longer taken.",
            f"公示期已于 {batch.notice_to} 结束，不再受理异议。",
        )
    row = session.scalar(
        select(BatchRow).where(BatchRow.batch_id == batch.id, BatchRow.row_number == row_number)
    )
    if row is None or row.status != "listed":
        raise InvalidInputError(
            errors=[
                FieldError(
                    "row",
                    "unknown_row",
                    f"Batch {public_id} has no listed row {row_number}.",
                    f"批次 {public_id} 中没有第 {row_number} 行的公示人员。",
                )
            ]
        )
    objection = Objection(
        batch_id=batch.id,
        row=row,
        summary=summary,
        status="open",
        recorded_at=now,
        recorded_by=caller.actor.label,
    )
    session.add(objection)
    session.flush()
    change = Change(
        "objection.record",
        "batch",
        public_id,
        detail={"row": row_number, "objection": objection.id},
    )
    record(session, caller.actor, change, now)
    return objection


def decide_objection(
    session: Session,
    caller: Caller,
    public_id: str,
    objection_id: int,
    outcome: str,
    reason: str,
    now: dt.datetime,
    fraud: FraudClaim = NO_FRAUD,
    bar_years: int = 0,
) -> Objection:
    """An upheld objection removes the row; one upheld for fraud also goes into the
    integrity record (三(二)1), as a fraud revocation does."""
    batch = get_batch(session, caller, public_id, lock=True)
    _require_notice(batch)
    objection = session.get(Objection, objection_id)
    if objection is None or objection.batch_id != batch.id:
        raise NotFoundError(
            f"No objection {objection_id} on batch {public_id}.",
            f"批次 {public_id} 没有编号为 {objection_id} 的异议。",
        )
    if objection.status != "open":
        raise ConflictError(
            f"The objection was already decided ({objection.status}).",
            f"该异议已有处理结果（{objection.status}）。",
        )
    _refuse_fraud_claim(outcome, fraud)
    objection.status, objection.outcome_reason = outcome, reason
    objection.decided_at, objection.decided_by = now, caller.actor.label
    detail: dict[str, Any] = {"row": objection.row.row_number, "objection": objection.id}
    if outcome == "upheld":
        objection.row.status = "removed"
        notices.remove_entry(session, batch, objection.row.row_number, now)
    session.flush()
    if fraud.found:
        detail |= record_row_fraud(session, objection.row, objection, fraud, bar_years, now)
    change = Change(f"objection.{outcome}", "batch", public_id, reason=reason, detail=detail)
    record(session, caller.actor, change, now)
    return objection


def _refuse_fraud_claim(outcome: str, fraud: FraudClaim) -> None:
    errors = fraud.errors()
    if fraud.found and outcome != "upheld":
        errors.append(
            FieldError(
                "fraud_kind",
                "needs_upheld",
                "Fraud is found by upholding the objection; a dismissed objection finds none "
                "(policy 三(二)1).",
                "认定弄虚作假须支持该异议；不予支持的异议不认定弄虚作假（三(二)1）。",
            )
        )
    if errors:
        raise InvalidInputError(errors=errors)


def _grants(rows: list[BatchRow], batch: ResultBatch, decision: dict[str, Any]) -> list[Grant]:
    """What the decision grants each listed row (committee, names and detail read once)."""
    committee, detail = batch.committee, {"batch": batch.public_id}
    names: dict[int, SpecialtyNames] = {}
    grants = []
    for row in rows:
        if row.specialty_id not in names:
            names[row.specialty_id] = SpecialtyNames.of(row.specialty)
        grants.append(
            Grant(
                holder=HolderIdentity(
                    row.holder_id_hash, row.holder_id_encrypted, row.holder_id_masked
                ),
                holder_name=row.holder_name,
                level=row.level,
                specialty=names[row.specialty_id],
                committee=committee,
                decision_number=decision["decision_number"],
                decision_date=decision["decision_date"],
                evaluation_track=row.evaluation_track,
                evaluation_method=REVIEW,
                route=row.route,
                route_basis=row.route_basis,
                route_ground=row.route_ground,
                technical_school_class=row.technical_school_class,
                row_number=row.row_number,
                audit_detail=detail,
            )
        )
    return grants


def _require_notice(batch: ResultBatch) -> None:
    if batch.status != "notice":
        raise ConflictError(
            f"Batch {batch.public_id} is {batch.status}, no longer on notice.",
            f"批次 {batch.public_id} 已不在公示阶段（{batch.status}）。",
        )


def issue_batch(
    session: Session,
    caller: Caller,
    public_id: str,
    decision: dict[str, Any],
    issuer: Issuer,
    protector: IdNumberProtector,
    now: dt.datetime,
    progress: Callable[[int], object] | None = None,
) -> tuple[ResultBatch, list[Issued]]:
    """Every listed row of the batch as a signed certificate, in the caller's transaction."""
    batch = get_batch(session, caller, public_id, lock=True)
    rows = _rows_ready_to_issue(session, batch, issuer, decision, beijing_date(now))
    grants = _grants(rows, batch, decision)
    issued_by = caller.client.id if caller.client is not None else None
    signed = issue(session, grants, issuer, caller.actor, issued_by, protector, now, progress)
    session.execute(
        update(ROWS)
        .where(ROWS.c.id == bindparam("row_id"))
        .values(status="issued", serial=bindparam("row_serial")),
        [{"row_id": row.id, "row_serial": s.serial} for row, s in zip(rows, signed, strict=True)],
    )
    batch.status, batch.issued_at, batch.issued_by = "issued", now, caller.actor.label
    batch.decision_number = decision["decision_number"]
    batch.decision_date = decision["decision_date"]
    close_notice(session, caller.actor, batch, now)
    notices.mark_issued(session, batch, now)
    change = Change(
        "batch.issue", "batch", public_id, detail={"certificates": len(signed), **decision}
    )
    record(session, caller.actor, change, now)
    session.flush()
    return batch, signed


def _rows_ready_to_issue(
    session: Session,
    batch: ResultBatch,
    issuer: Issuer,
    decision: dict[str, Any],
    today: dt.date,
) -> list[BatchRow]:
    """The rows still listed, once the notice has ended, every objection is decided, the
    decision date holds for the batch and every row, and every row passes the checks again;
    otherwise the refusal, and nothing is issued."""
    if batch.status == "issued" and batch.issued_at is not None:
        raise ConflictError(
            f"Batch {batch.public_id} was issued at {batch.issued_at:%Y-%m-%d %H:%M} UTC.",
            f"批次 {batch.public_id} 已于 {batch.issued_at:%Y-%m-%d %H:%M}（UTC）发证。",
        )
    if today <= batch.notice_to:
        first_day = batch.notice_to + dt.timedelta(days=1)
        raise ConflictError(
            f"The notice period runs to {batch.notice_to}; issue from {first_day} (Beijing time).",
            f"公示期至 {batch.notice_to} 止，{first_day}（北京时间）起方可发证。",
        )
    open_objections = [
        o.row.row_number for o in batch_objections(session, batch) if o.status == "open"
    ]
    if open_objections:
        raise ConflictError(
            f"Objections on rows {open_objections} are not decided yet.",
            f"第 {open_objections} 行的异议尚未处理完毕。",
        )
    rows = [row for row in batch_rows(session, batch) if row.status == "listed"]
    checker = RowChecker(session, batch.committee, issuer, today)
    _check_decision(checker, batch, rows, decision["decision_date"])
    errors = checker.recheck(rows)
    if errors:
        raise InvalidInputError(
            "Rows no longer pass the checks; nothing was issued. The bureau may withdraw such "
            "a row from the batch (with a reason) so that the rest is issued, or the catalogue "
            "or the committee may be corrected.",
            "部分行已不再符合要求，本批未发证。市人社局可说明理由将该行撤出本批，其余人员照常发证；"
            "或更正专业目录、评审委员会。",
            errors=errors,
        )
    return rows


def _check_decision(
    checker: RowChecker, batch: ResultBatch, rows: list[BatchRow], decided: dt.date
) -> None:
    """The decision date: taken, after the notice and every row's meeting; then the
    committee's authority that day and the titles it may grant."""
    errors = [
        *future_errors(decided, checker.today),
        *notice_errors(decided, batch.notice_to),
        *(e for row in rows for e in meeting_errors(decided, row.meeting_date, row.row_number)),
    ]
    if errors:
        raise InvalidInputError(
            f"The decision date {decided} is refused; nothing was issued.",
            f"决定日期 {decided} 不符合要求，本批未发证。",
            errors=errors,
        )
    errors = checker.decision_errors(rows, decided)
    if errors:
        raise InvalidInputError(
            f"A decision of {decided} cannot grant these titles (see each row); nothing was "
            "issued.",
            f"{decided} 的决定不能授予这些职称（见各行说明），本批未发证。",
            errors=errors,
        )


__all__ = [
    "Caller",
    "NoticeRules",
    "batch_objections",
    "batch_rows",
    "decide_objection",
    "get_batch",
    "issue_batch",
    "list_batches",
    "record_objection",
    "submit_batch",
]
