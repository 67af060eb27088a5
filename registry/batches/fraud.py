"""Fraud found during the evaluation (三(二)1, 一票否决): an objection upheld for fraud, or a
row withdrawn for fraud, goes into the integrity record and bars the person, exactly as a
fraud revocation does, and their titles already held go to review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import FieldError
from certs.revocation import fraud_errors
from registry.batches.models import BatchRow, Objection
from registry.revocation.integrity import FraudFinding, record_fraud_in_evaluation
from registry.revocation.models import IntegrityRecord


@dataclass(frozen=True)
class FraudClaim:
    """The fraud a decision finds, as the bureau states it: none, or one of the kinds
    (certs.revocation.FRAUD_KINDS) under the decision's number."""

    kind: str | None = None
    description: str | None = None  # required for forged_other
    decision_number: str | None = None

    @property
    def found(self) -> bool:
        return self.kind is not None

    def errors(self) -> list[FieldError]:
        return fraud_errors(self.kind, self.description, self.decision_number)


NO_FRAUD = FraudClaim()


def record_row_fraud(
    session: Session,
    row: BatchRow,
    objection: Objection | None,
    claim: FraudClaim,
    bar_years: int,
    now: dt.datetime,
) -> dict[str, Any]:
    """The integrity record (barring from today, Beijing) and reviews; the audit detail."""
    if claim.kind is None or claim.decision_number is None:
        raise ValueError("no fraud found; check claim.errors() first")
    finding = FraudFinding(claim.kind, claim.decision_number, beijing_date(now), claim.description)
    record, opened = record_fraud_in_evaluation(session, row, objection, finding, bar_years, now)
    return {
        "fraud_kind": claim.kind,
        "integrity_record": record.id,
        "barred_until": record.barred_until.isoformat(),
        "reviews_opened": opened,
    }


def fraud_records(session: Session, batch_id: int) -> dict[tuple[int | None, int | None], int]:
    """Integrity records made from a batch's rows: record id by (row id, objection id, or
    None for a withdrawal)."""
    found = session.execute(
        select(IntegrityRecord.batch_row_id, IntegrityRecord.objection_id, IntegrityRecord.id)
        .join(BatchRow, BatchRow.id == IntegrityRecord.batch_row_id)
        .where(BatchRow.batch_id == batch_id)
        .order_by(IntegrityRecord.id)
    )
    return {(row_id, objection_id): record for row_id, objection_id, record in found}
