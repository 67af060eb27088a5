"""Titles people already hold, made the way the policy makes them: a results batch put on
notice in the past (a past ``now``), issued once its notice is over."""

from __future__ import annotations

import datetime as dt

from registry.batches.rows import json_rows
from registry.batches.services import Caller, issue_batch, submit_batch
from tests.factories import BUREAU, NOW, batch_row

# Tuesday 10 November 2026, 10:00 in Beijing: the notice runs 11-17 November.
PAST = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
PAST_DECISION = {
    "decision_number": "京人社职评〔2026〕19号",
    "decision_date": dt.date(2026, 11, 20),
}


def past_row(index: int, **overrides) -> dict:
    """A batch row whose meeting was before ``PAST``."""
    return batch_row(index, **{"meeting_date": "2026-11-05", **overrides})


def titles_held(app, rows: list[dict], committee: str = "BJ-DZ-01") -> list[str]:
    """Serials of the certificates issued at ``NOW`` from ``rows``, on notice since ``PAST``."""
    state = app.extensions["registry"]
    caller = Caller(BUREAU, None)
    with state.sessions() as session, session.begin():
        batch = submit_batch(
            session,
            caller,
            committee,
            json_rows(rows),
            state.issuer(session),
            state.protector,
            state.notice_rules(session),
            PAST,
        )
        _, signed = issue_batch(
            session,
            caller,
            batch.public_id,
            PAST_DECISION,
            state.issuer(session),
            state.protector,
            NOW,
        )
        return [item.serial for item in signed]
