"""The audit trail: every change recorded, chained, readable by the bureau, and checked."""

from __future__ import annotations

import concurrent.futures

import pytest
import sqlalchemy as sa

from tests.batch_helpers import past_row, titles_held
from tests.factories import at, batch_row, bearer, id_number
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit
from tests.registry.test_operator import flask


def records(registry, token, **query):
    response = registry.get("/api/v1/audit", query_string=query, headers=bearer(token))
    assert response.status_code == 200, response.json
    return response.json


def test_changes_are_recorded_with_actor_action_object_and_chain(registry_app, registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0)])
    assert batch.status_code == 201, batch.json
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch.json['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert issued.status_code == 201, issued.json
    page = records(registry, tokens["bureau"])
    actions = [r["action"] for r in page["records"]]
    assert actions[0] == "key.generate"
    assert actions.count("specialty.create") == 2 and actions.count("committee.create") == 2
    assert actions.count("token.create") == 3 and actions.count("batch.submit") == 1
    [certificate] = [r for r in page["records"] if r["action"] == "certificate.issue"]
    assert certificate["object_id"] == issued.json["certificates"][0]["serial"]
    assert certificate["actor"].startswith("committee:")
    assert certificate["detail"]["committee"] == "BJ-DZ-01"
    assert certificate["detail"]["batch"] == batch.json["id"]
    seqs = [r["seq"] for r in page["records"]]
    assert seqs == list(range(1, len(seqs) + 1))
    for before, after in zip(page["records"], page["records"][1:], strict=False):
        assert after["prev_hash"] == before["hash"]
    assert "holder_id_number" not in str(page) and id_number(0) not in str(page)


def test_bureau_filters_and_pages_the_trail(registry, tokens):
    only = records(registry, tokens["bureau"], action="committee.create")
    assert [r["object_id"] for r in only["records"]] == ["BJ-DZ-01", "BJ-XNY-01"]
    assert only["next_after_seq"] is None
    first = records(registry, tokens["bureau"], limit=2)
    assert len(first["records"]) == 2 and first["next_after_seq"] == 2
    second = records(registry, tokens["bureau"], limit=2, after_seq=first["next_after_seq"])
    assert second["records"][0]["seq"] == 3
    by_object = records(registry, tokens["bureau"], object_type="committee", object_id="BJ-XNY-01")
    assert len(by_object["records"]) == 1
    future = records(registry, tokens["bureau"], since="2999-01-01T00:00:00Z")
    assert future["records"] == []


def test_only_the_bureau_reads_the_trail(registry, tokens):
    response = registry.get("/api/v1/audit", headers=bearer(tokens["committee"]))
    assert response.status_code == 403
    assert registry.get("/api/v1/audit").status_code == 401
    bad = registry.get("/api/v1/audit?limit=0", headers=bearer(tokens["bureau"]))
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "limit"


def test_concurrent_writers_keep_one_unbroken_chain(registry_app, tokens):
    serials = titles_held(registry_app, [past_row(i) for i in range(12)])

    def correct(index):
        client = registry_app.test_client()
        request = {
            "replaces": serials[index],
            "correction_number": f"京人社职更〔2026〕{index + 1}号",
            "reason": "姓名录入错误",
            "corrections": {"holder_name": "张" + chr(0x4E00 + index)},
        }
        return client.post(
            "/api/v1/certificates", json=request, headers=bearer(tokens["bureau"])
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert set(pool.map(correct, range(12))) == {201}
    from registry.audit.services import verify_chain

    state = registry_app.extensions["registry"]
    with state.sessions() as session:
        assert list(verify_chain(session)) == []


@pytest.fixture
def operator_env(database_url, tmp_path):
    import os

    return {
        **os.environ,
        "REGISTRY_VAR_DIR": str(tmp_path / "var"),
        "REGISTRY_DATABASE_URL": database_url,
    }


def _execute(database_url, statement):
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


@pytest.mark.parametrize(
    ("tamper", "reported"),
    [
        ("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 3", "record 3: altered"),
        ("DELETE FROM audit_log WHERE seq = 2", "record 2: missing"),
        ("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)", "at the end"),
        ("UPDATE audit_log SET reason = reason WHERE seq = 1", None),
    ],
)
def test_an_edited_or_deleted_record_breaks_the_chain(
    registry_app, tokens, database_url, tamper, reported
):
    from registry.audit.services import verify_chain

    _execute(database_url, tamper)
    with registry_app.extensions["registry"].sessions() as session:
        faults = [str(fault) for fault in verify_chain(session)]
    if reported is None:
        assert faults == []
    else:
        assert any(reported in fault for fault in faults), faults


def test_audit_verify_command_reports_a_tampered_record(operator_env, database_url):
    flask(operator_env, "keys", "generate")
    flask(operator_env, "demo-data")
    intact = flask(operator_env, "audit", "verify")
    assert intact.stdout.startswith("audit trail intact: ")
    _execute(database_url, "UPDATE audit_log SET actor = 'operator:nobody' WHERE seq = 4")
    broken = flask(operator_env, "audit", "verify", check=False)
    assert broken.returncode == 1
    assert "TAMPERED record 4: altered" in broken.stderr
