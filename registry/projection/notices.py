"""The public notice (公示) of a results batch, as the verify service shows it, written in the
same transaction as the batch, its objections, its closing and issuance.

While the notice runs it lists what a 公示 lists: the full name, the work unit, the title and
specialty applied for (never an ID-card number). Closing it (the daily notice-close step, or
issuance) takes the full names and work units out of the public tables; the masked name
stays, as everywhere else."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from certs.levels import get_level
from certs.names import mask_name
from registry.batches.models import BatchRow, ResultBatch
from registry.committees.models import Specialty
from registry.projection.models import PublicNotice, PublicNoticeEntry


def publish(
    session: Session, batch: ResultBatch, now: dt.datetime, objection_contact: str | None = None
) -> None:
    committee = batch.committee
    session.add(
        PublicNotice(
            batch_id=batch.public_id,
            committee_code=committee.code,
            committee_name_zh=committee.name_zh,
            committee_name_en=committee.name_en,
            notice_from=batch.notice_from,
            notice_to=batch.notice_to,
            status=batch.status,
            published_at=now,
            updated_at=now,
            objection_contact=objection_contact,
        )
    )
    session.flush()
    rows = session.execute(
        select(BatchRow, Specialty)
        .join(Specialty, Specialty.id == BatchRow.specialty_id)
        .where(BatchRow.batch_id == batch.id)
    )
    entries = []
    for row, specialty in rows:
        level = get_level(row.level)
        entries.append(
            {
                "batch_id": batch.public_id,
                "row_number": row.row_number,
                "masked_name": mask_name(row.holder_name),
                "holder_name": row.holder_name,
                "work_unit": row.work_unit,
                "level": level.code,
                "title_zh": level.title_zh,
                "title_en": level.title_en,
                "specialty_code": specialty.code,
                "specialty_name_zh": specialty.name_zh,
                "specialty_name_en": specialty.name_en,
                "evaluation_track": row.evaluation_track,
                "route": row.route,
            }
        )
    session.execute(insert(PublicNoticeEntry), entries)


def remove_entry(session: Session, batch: ResultBatch, row_number: int, now: dt.datetime) -> None:
    session.execute(
        delete(PublicNoticeEntry).where(
            PublicNoticeEntry.batch_id == batch.public_id,
            PublicNoticeEntry.row_number == row_number,
        )
    )
    _touch(session, batch, now)


def close(session: Session, batch: ResultBatch, now: dt.datetime) -> None:
    """The notice has ended: no full name and no work unit stays in the public tables."""
    session.execute(
        update(PublicNoticeEntry)
        .where(PublicNoticeEntry.batch_id == batch.public_id)
        .values(holder_name=None, work_unit=None)
    )
    _touch(session, batch, now, closed_at=now)


def mark_issued(session: Session, batch: ResultBatch, now: dt.datetime) -> None:
    _touch(session, batch, now, status="issued")


def _touch(session: Session, batch: ResultBatch, now: dt.datetime, **values) -> None:
    session.execute(
        update(PublicNotice)
        .where(PublicNotice.batch_id == batch.public_id)
        .values(updated_at=now, **values)
    )
