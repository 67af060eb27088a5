"""Writes the public record of committees and the catalogue, inside each change's
transaction. Internal reasons stay in the registry: verify gets the decisions' numbers
and dates, which are public documents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.committees.models import (
    Committee,
    CommitteeStatusChange,
    RectificationOrder,
    Specialty,
    SpecialtyName,
)
from registry.projection.models import (
    PublicCommittee,
    PublicCommitteeStatus,
    PublicRectificationOrder,
    PublicSpecialty,
    PublicSpecialtyName,
)


def project_committee(session: Session, committee: Committee, now: dt.datetime) -> None:
    row = session.get(PublicCommittee, committee.code) or PublicCommittee(code=committee.code)
    row.name_zh, row.name_en = committee.name_zh, committee.name_en
    row.organisation = committee.organisation
    row.filing_number = committee.filing_number
    row.levels, row.specialties = list(committee.levels), list(committee.specialties)
    row.valid_from, row.valid_to = committee.valid_from, committee.valid_to
    row.updated_at = now
    session.add(row)
    session.flush()


def project_status_change(
    session: Session, committee: Committee, change: CommitteeStatusChange
) -> None:
    session.add(
        PublicCommitteeStatus(
            id=change.id,
            committee_code=committee.code,
            action=change.action,
            status=change.status,
            effective_date=change.effective_date,
            decision_number=change.decision_number,
        )
    )
    session.flush()


def project_rectification_order(
    session: Session, committee: Committee, order: RectificationOrder
) -> None:
    """The order as the public sees it, written when it is made and again when it ends."""
    row = session.get(PublicRectificationOrder, order.id) or PublicRectificationOrder(id=order.id)
    row.committee_code = committee.code
    row.decision_number = order.decision_number
    row.decision_date, row.deadline = order.decision_date, order.deadline
    row.grounds = list(order.grounds)
    row.outcome, row.closed_on = order.outcome, order.closed_on
    row.closing_decision_number = order.closing_decision_number
    session.add(row)
    session.flush()


def project_specialty(session: Session, specialty: Specialty, now: dt.datetime) -> None:
    row = session.get(PublicSpecialty, specialty.code) or PublicSpecialty(code=specialty.code)
    row.name_zh, row.name_en, row.field = specialty.name_zh, specialty.name_en, specialty.field
    row.valid_from, row.valid_to = specialty.valid_from, specialty.valid_to
    row.updated_at = now
    session.add(row)
    names = session.scalars(select(SpecialtyName).where(SpecialtyName.specialty_id == specialty.id))
    for name in names:
        public = session.get(PublicSpecialtyName, name.id) or PublicSpecialtyName(id=name.id)
        public.specialty_code = specialty.code
        public.name_zh, public.name_en = name.name_zh, name.name_en
        public.valid_from, public.valid_to = name.valid_from, name.valid_to
        session.add(public)
    session.flush()
