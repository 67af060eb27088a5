"""Titles people already hold, made the way the policy makes them: a results batch put on
notice in the past (a past ``now``), issued once its notice is over."""

from __future__ import annotations

import datetime as dt

from registry.batches.rows import json_rows
from registry.batches.services import Caller, issue_batch, submit_batch
from registry.certificates.pipeline import Issued
from tests.factories import BUREAU, NOW, batch_row, issue_request, with_facts

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
    return [item.serial for item in issued_from(app, rows, committee)]


def title_held(app, **overrides) -> Issued:
    """The title ``issue_request(**overrides)`` describes (张三's 工程师 by default), put on
    notice at ``PAST`` and issued at ``NOW``: its serial and the holder's access code.

    A ``decision_number`` or ``decision_date`` given is the batch's approval (the date no
    earlier than the notice's end, 2026-11-17); ``committee_code`` names the committee."""
    request = issue_request(**overrides)
    committee = request.pop("committee_code")
    decision = {
        "decision_number": overrides.get("decision_number", PAST_DECISION["decision_number"]),
        "decision_date": dt.date.fromisoformat(str(overrides["decision_date"]))
        if "decision_date" in overrides
        else PAST_DECISION["decision_date"],
    }
    del request["decision_number"], request["decision_date"]
    row = with_facts({"meeting_date": "2026-11-05", "work_unit": "北京电子工程研究所", **request})
    [issued] = issued_from(app, [row], committee, decision)
    return issued


def issued_from(
    app, rows: list[dict], committee: str = "BJ-DZ-01", decision: dict | None = None
) -> list[Issued]:
    """The certificates issued at ``NOW`` from ``rows``, on notice since ``PAST``, with the
    access codes handed to their holders."""
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
            decision or PAST_DECISION,
            state.issuer(session),
            state.protector,
            NOW,
        )
        return signed
