"""Withdrawing one row from a results batch before issuance, so that the rest is issued.

A row that no longer passes its checks (the person got the title another way, the committee
lost the level, the specialty was retired) would otherwise stop the whole batch, which is
issued all or none. The bureau withdraws it with a reason, during or after the notice, never
after issuance; the public notice drops the entry; the person may be put forward again in a
later batch. A withdrawal for fraud is a finding of fraud (三(二)1): integrity record and bar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import ConflictError, FieldError, InvalidInputError
from registry.audit.services import Change, record
from registry.batches.fraud import FraudClaim, record_row_fraud
from registry.batches.models import BatchRow, Objection, ResultBatch, RowWithdrawal
from registry.batches.services import Caller, get_batch
from registry.projection import notices


def withdraw_row(
    session: Session,
    caller: Caller,
    public_id: str,
    row_number: int,
    reason: str,
    fraud: FraudClaim,
    bar_years: int,
    now: dt.datetime,
) -> RowWithdrawal:
    batch = get_batch(session, caller, public_id, lock=True)
    _refuse_if_issued(batch)
    row = _listed_row(session, batch, row_number)
    _refuse_if_objected(session, row)
    errors = fraud.errors()
    if errors:
        raise InvalidInputError(errors=errors)
    row.status = "withdrawn"
    withdrawal = RowWithdrawal(
        row=row,
        reason=reason,
        fraud_kind=fraud.kind,
        decision_number=fraud.decision_number,
        withdrawn_at=now,
        withdrawn_by=caller.actor.label,
    )
    session.add(withdrawal)
    notices.remove_entry(session, batch, row.row_number, now)
    session.flush()
    detail: dict[str, Any] = {"row": row.row_number}
    if fraud.found:
        detail |= record_row_fraud(session, row, None, fraud, bar_years, now)
    change = Change("batch.withdraw_row", "batch", public_id, reason=reason, detail=detail)
    record(session, caller.actor, change, now)
    return withdrawal


def withdrawals(session: Session, batch: ResultBatch) -> dict[int, RowWithdrawal]:
    """The batch's withdrawals by row id."""
    found = session.scalars(
        select(RowWithdrawal).join(BatchRow).where(BatchRow.batch_id == batch.id)
    )
    return {withdrawal.row_id: withdrawal for withdrawal in found}


def _refuse_if_issued(batch: ResultBatch) -> None:
    if batch.status == "issued":
        raise ConflictError(
            f"Batch {batch.public_id} was issued: its rows are certificates now and cannot be "
            "withdrawn (results are withdrawn only before issuance, policy 三(四)4); revoke a "
            "certificate instead (for fraud, 三(二)1: 已取得职称的予以撤销).",
            f"批次 {batch.public_id} 已发证，其中人员已取得证书，不能再撤出（评审结果仅可在发证前"
            "撤出，三(四)4）；应改为撤销证书（弄虚作假的，依三(二)1「已取得职称的予以撤销」）。",
        )


def _listed_row(session: Session, batch: ResultBatch, row_number: int) -> BatchRow:
    row = session.scalar(
        select(BatchRow)
        .where(BatchRow.batch_id == batch.id, BatchRow.row_number == row_number)
        .with_for_update(of=BatchRow)
    )
    if row is None or row.status != "listed":
        state = "no such row" if row is None else f"the row is {row.status}"
        state_zh = "没有该行" if row is None else f"该行状态为 {row.status}"
        raise InvalidInputError(
            errors=[
                FieldError(
                    "row",
                    "not_listed",
                    f"Batch {batch.public_id} has no listed row {row_number} ({state}): only a "
                    "person still on the notice can be withdrawn (公示制度, policy 三(四)4).",
                    f"批次 {batch.public_id} 中第 {row_number} 行不在公示名单中（{state_zh}）："
                    "只能撤出仍在公示名单中的人员（公示制度，三(四)4）。",
                )
            ]
        )
    return row


def _refuse_if_objected(session: Session, row: BatchRow) -> None:
    open_objection = session.scalar(
        select(Objection.id).where(Objection.row_id == row.id, Objection.status == "open")
    )
    if open_objection is not None:
        raise ConflictError(
            f"Objection {open_objection} on row {row.row_number} is open: decide it first "
            "(an upheld objection removes the row; 公示制度, policy 三(四)4).",
            f"第 {row.row_number} 行的异议 {open_objection} 尚未处理：请先作出处理决定"
            "（异议成立的即移除该行；公示制度，三(四)4）。",
        )
