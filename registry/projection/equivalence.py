"""The public copy of the equivalence list: every version and every entry as it stood.

Nothing on the list is personal; the copy leaves out only who made each change and why.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from registry.equivalence.models import EquivalenceEntry, EquivalenceVersion
from registry.projection.models import PublicEquivalenceEntry, PublicEquivalenceVersion


def publish_version(session: Session, version: EquivalenceVersion, now: dt.datetime) -> None:
    session.add(
        PublicEquivalenceVersion(
            number=version.number,
            effective_from=version.effective_from,
            action=version.action,
            summary=version.summary,
            published_at=now,
        )
    )


def project_entry(session: Session, row: EquivalenceEntry) -> None:
    public = session.get(PublicEquivalenceEntry, row.id) or PublicEquivalenceEntry(id=row.id)
    for column in PublicEquivalenceEntry.__table__.columns:
        if column.key != "id":
            setattr(public, column.key, getattr(row, column.key))
    session.add(public)
    session.flush()
