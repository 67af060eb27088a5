"""What a batch's public notice needs from the registry: each person's work unit, and the
notice-close step that takes full names and work units off the public tables when the notice
ends (daily, from the command line; and on issuance), once, in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from registry.batches.closing import close_ended_notices, close_notice
from registry.batches.models import ResultBatch
from registry.batches.rows import json_rows
from registry.batches.services import Caller, submit_batch
from registry.projection.models import PublicNotice, PublicNoticeEntry
from tests.factories import BUREAU, NOW, at, batch_row, bearer

ENDED = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)  # 4 Dec, 00:00 in Beijing
ISSUE = {"decision_number": "京人社职评〔2026〕21号", "decision_date": "2026-12-04"}


def submit(registry, token, rows):
    return registry.post("/api/v1/batches", json={"rows": rows}, headers=bearer(token))


def public_rows(app, batch_id: str) -> list[tuple]:
    with app.extensions["registry"].engine.connect() as connection:
        return connection.execute(
            sa.select(PublicNoticeEntry.holder_name, PublicNoticeEntry.work_unit)
            .where(PublicNoticeEntry.batch_id == batch_id)
            .order_by(PublicNoticeEntry.row_number)
        ).all()


def closings(registry, token, batch_id: str) -> list[dict]:
    trail = registry.get(
        "/api/v1/audit", query_string={"object_id": batch_id}, headers=bearer(token)
    ).json["records"]
    return [record for record in trail if record["action"] == "batch.notice_close"]


def test_each_row_names_the_persons_work_unit(registry, tokens):
    missing = batch_row(1)
    del missing["work_unit"]
    refused = submit(
        registry, tokens["committee"], [batch_row(0), missing, batch_row(2, work_unit="  ")]
    )
    assert refused.status_code == 422
    errors = [(e["row"], e["field"], e["code"]) for e in refused.json["errors"]]
    assert errors == [(2, "work_unit", "required"), (3, "work_unit", "required")]
    assert "三(四)4" in refused.json["errors"][0]["message"]
    assert "工作单位" in refused.json["errors"][0]["message_zh"]
    assert "三(四)4" in refused.json["errors"][0]["message_zh"]
    too_long = submit(registry, tokens["committee"], [batch_row(0, work_unit="所" * 201)])
    assert too_long.json["errors"][0]["field"] == "work_unit"
    batch = submit(registry, tokens["committee"], [batch_row(0, work_unit=" 北京电子研究所 ")])
    assert batch.status_code == 201
    assert batch.json["rows"][0]["work_unit"] == "北京电子研究所"
    assert batch.json["notice"]["closed_at"] is None


def test_notice_close_runs_daily_closes_each_ended_notice_once(registry_app, registry, tokens, cli):
    ended = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    at(registry_app, NOW + dt.timedelta(days=2))  # Saturday 28 Nov: this one runs to 4 Dec
    running = submit(registry, tokens["committee"], [batch_row(2)]).json
    assert running["notice"]["ends"] == "2026-12-04"
    at(registry_app, ENDED)
    output = cli("notices", "close")
    assert output == f"closed the notice of batch {ended['id']} (ended 2026-12-03)\n"
    assert public_rows(registry_app, ended["id"]) == [(None, None), (None, None)]
    assert public_rows(registry_app, running["id"]) == [
        (batch_row(2)["holder_name"], batch_row(2)["work_unit"])
    ]
    assert cli("notices", "close") == "no notice to close\n"
    (closing,) = closings(registry, tokens["bureau"], ended["id"])
    assert closing["actor"].startswith("operator:")
    assert closing["detail"] == {"notice_to": "2026-12-03"}
    batch = registry.get(f"/api/v1/batches/{ended['id']}", headers=bearer(tokens["committee"])).json
    assert batch["notice"]["closed_at"] is not None
    assert [row["holder_name"] for row in batch["rows"]] == [  # the registry keeps them
        batch_row(0)["holder_name"],
        batch_row(1)["holder_name"],
    ]
    at(registry_app, ENDED + dt.timedelta(days=1))  # 5 Dec in Beijing
    assert running["id"] in cli("notices", "close")
    assert public_rows(registry_app, running["id"]) == [(None, None)]


def test_issuing_a_batch_closes_its_notice(registry_app, registry, tokens, cli):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    at(registry_app, ENDED)
    issued = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert issued.status_code == 201, issued.json
    assert issued.json["batch"]["notice"]["closed_at"] is not None
    assert public_rows(registry_app, batch["id"]) == [(None, None)]
    assert cli("notices", "close") == "no notice to close\n"
    assert len(closings(registry, tokens["bureau"], batch["id"])) == 1


def test_a_notice_is_closed_from_the_day_after_its_last_day_in_beijing(registry_app, tokens):
    """The service refuses to close a notice that still runs, whoever calls it."""
    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        batch = submit_batch(
            session,
            Caller(BUREAU, None),
            "BJ-DZ-01",
            json_rows([batch_row(0)]),
            state.issuer(session),
            state.protector,
            state.notice_rules(session),
            NOW,
        )
        batch_id = batch.public_id
    last_evening = ENDED - dt.timedelta(minutes=1)
    with state.sessions() as session, session.begin():
        assert close_ended_notices(session, BUREAU, last_evening) == []
        batch = session.scalars(sa.select(ResultBatch)).one()
        with pytest.raises(ValueError, match="runs to 2026-12-03"):
            close_notice(session, BUREAU, batch, last_evening)
    with state.sessions() as session, session.begin():
        assert [b.public_id for b in close_ended_notices(session, BUREAU, ENDED)] == [batch_id]
    with state.engine.connect() as connection:
        closed_at = connection.execute(sa.select(PublicNotice.closed_at)).scalar_one()
    assert closed_at is not None
