"""Results batches: validation of every row, public notice, objections, issuance."""

from __future__ import annotations

import datetime as dt
import json
import re

from certs.credential.jose import b64url_decode
from registry.equivalence.services import add_entry
from tests.batch_helpers import title_held
from tests.factories import (
    BUREAU,
    NOW,
    at,
    batch_row,
    bearer,
    id_number,
    setup_registry,
)
from tests.registry.test_certificates_api import table_snapshot
from tests.registry.test_equivalence import entry
from tests.registry.test_recognition import recognition

AFTER_NOTICE = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)  # 4 Dec, 00:00 in Beijing
ISSUE = {"decision_number": "京人社职评〔2026〕21号", "decision_date": "2026-12-04"}


def submit(registry, token, rows, **extra):
    return registry.post("/api/v1/batches", json={"rows": rows, **extra}, headers=bearer(token))


def test_a_committee_submits_results_and_they_go_on_notice_for_five_working_days(registry, tokens):
    response = submit(registry, tokens["committee"], [batch_row(i) for i in range(3)])
    assert response.status_code == 201, response.json
    batch = response.json
    assert batch["status"] == "notice" and batch["committee"]["code"] == "BJ-DZ-01"
    # Submitted Thursday 26 Nov (Beijing): Fri 27, Mon 30, Tue 1, Wed 2, Thu 3 Dec.
    assert batch["notice"]["starts"] == "2026-11-27" and batch["notice"]["ends"] == "2026-12-03"
    assert batch["notice"]["issuable_from"] == "2026-12-04"
    assert batch["notice"]["calendar_covers"]["to"] == "2026-12-31"
    assert [row["row"] for row in batch["rows"]] == [1, 2, 3]
    assert batch["rows"][0]["holder_id_number_masked"].startswith("110105")
    assert "*" in batch["rows"][0]["holder_id_number_masked"]
    assert {row["status"] for row in batch["rows"]} == {"listed"}


def test_every_bad_row_is_reported_with_row_field_and_reason_and_nothing_is_stored(
    registry_app, registry, tokens
):
    before = table_snapshot(registry_app)
    rows = [
        batch_row(0),
        batch_row(1, holder_id_number=_wrong_check_digit(id_number(1))),
        batch_row(2, level="technician"),  # outside the committee's authority
        batch_row(3, specialty_code="NOPE-01"),
        batch_row(4, evaluation_track="guesswork"),
        batch_row(0, holder_name="王五"),  # the same person as row 1, same level
        batch_row(6, route="exceptional"),  # no basis named
        batch_row(7, meeting_date="2027-01-01"),
        batch_row(8, unexpected="x"),
    ]
    response = submit(registry, tokens["committee"], rows)
    assert response.status_code == 422
    problem = response.json
    assert "nothing was stored" in problem["detail"] and "未保存" in problem["detail_zh"]
    found = {(e["row"], e["field"], e["code"]) for e in problem["errors"]}
    assert found == {
        (2, "holder_id_number", "invalid_id_number"),
        (3, "level", "outside_authority"),
        (4, "specialty_code", "unknown_specialty"),
        (5, "evaluation_track", "unknown_evaluation_track"),
        (6, "holder_id_number", "duplicate_in_batch"),
        (7, "route_basis", "basis_required"),
        (8, "meeting_date", "in_future"),
        (9, "unexpected", "unknown_field"),
    }, problem["errors"]
    for error in problem["errors"]:
        assert error["message"] and error["message_zh"] and error["message"] != error["message_zh"]
    assert table_snapshot(registry_app) == before


def test_a_person_who_holds_the_level_or_is_on_another_notice_is_refused(
    registry_app, registry, tokens
):
    title_held(registry_app, holder_id_number=id_number(0))
    assert submit(registry, tokens["committee"], [batch_row(1)]).status_code == 201
    response = submit(registry, tokens["committee"], [batch_row(0), batch_row(1), batch_row(2)])
    assert response.status_code == 422
    codes = {(e["row"], e["code"]) for e in response.json["errors"]}
    assert codes == {(1, "already_held"), (2, "already_on_notice")}
    # Another level is another matter.
    assert (
        submit(registry, tokens["committee"], [batch_row(0, level="senior_engineer")]).status_code
        == 201
    )


def test_committee_tokens_are_kept_to_their_own_committee(registry, tokens):
    other = submit(registry, tokens["committee"], [batch_row(0)], committee_code="BJ-XNY-01")
    assert other.status_code == 403
    mine = submit(registry, tokens["committee"], [batch_row(0)]).json
    hidden = registry.get(
        f"/api/v1/batches/{mine['id']}", headers=bearer(tokens["other_committee"])
    )
    assert hidden.status_code == 404
    listed = registry.get("/api/v1/batches", headers=bearer(tokens["other_committee"]))
    assert listed.json == []
    objection = registry.post(
        f"/api/v1/batches/{mine['id']}/objections",
        json={"row": 1, "summary": "论文造假"},
        headers=bearer(tokens["committee"]),
    )
    assert objection.status_code == 403
    bureau_needs_code = submit(registry, tokens["bureau"], [batch_row(0)])
    assert bureau_needs_code.status_code == 422
    assert bureau_needs_code.json["errors"][0]["field"] == "committee_code"


def suspend(registry, token, effective_date: str):
    response = registry.post(
        "/api/v1/committees/BJ-DZ-01/status-changes",
        json={
            "action": "suspend",
            "reason": "多次被投诉",
            "decision_number": "京人社职字〔2026〕21号",
            "effective_date": effective_date,
        },
        headers=bearer(token),
    )
    assert response.status_code == 201, response.json


def test_a_suspended_committee_can_neither_submit_nor_issue(registry_app, registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    suspend(registry, tokens["bureau"], "2026-12-01")  # during the notice
    at(registry_app, AFTER_NOTICE)
    before = table_snapshot(registry_app)
    refused = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert refused.status_code == 422
    assert refused.json["errors"][0]["code"] == "committee_suspended"
    assert "暂停" in refused.json["detail_zh"]
    assert table_snapshot(registry_app) == before
    again = submit(registry, tokens["committee"], [batch_row(1)])
    assert again.status_code == 422 and again.json["errors"][0]["field"] == "committee_code"


def test_issuance_waits_for_the_end_of_the_notice_then_issues_every_row_once(
    registry_app, registry, verify, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(i) for i in range(4)]).json
    early = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert early.status_code == 409 and "2026-12-04" in early.json["detail"]
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert issued.status_code == 201, issued.json
    certificates = issued.json["certificates"]
    assert [c["row"] for c in certificates] == [1, 2, 3, 4]
    assert issued.json["batch"]["status"] == "issued"
    for certificate in certificates:
        answer = verify.get(f"/api/v1/certificates/{certificate['serial']}").json
        assert answer["result"] == "valid" and answer["signature"]["valid"] is True
        full = registry.get(
            f"/api/v1/certificates/{certificate['serial']}", headers=bearer(tokens["bureau"])
        ).json
        assert full["decision_number"] == ISSUE["decision_number"]
        assert full["holder_name"] == certificate["holder_name"]
        token = registry.get(full["links"]["credential"], headers=bearer(tokens["bureau"]))
        payload = json.loads(b64url_decode(token.get_data(as_text=True).split(".")[1]))
        purposes = {entry["statusPurpose"] for entry in payload["credentialStatus"]}
        assert purposes == {"revocation", "suspension"}
    again = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["bureau"])
    )
    assert again.status_code == 409 and "已于" in again.json["detail_zh"]
    rows = registry.get(f"/api/v1/batches/{batch['id']}", headers=bearer(tokens["bureau"])).json
    assert [row["serial"] for row in rows["rows"]] == [c["serial"] for c in certificates]


def test_an_upheld_objection_removes_the_row_and_an_open_one_blocks_issuance(
    registry_app, registry, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(i) for i in range(3)]).json
    url = f"/api/v1/batches/{batch['id']}"
    first = registry.post(
        f"{url}/objections",
        json={"row": 2, "summary": "业绩材料不实"},
        headers=bearer(tokens["bureau"]),
    )
    assert first.status_code == 201 and first.json["status"] == "open"
    second = registry.post(
        f"{url}/objections",
        json={"row": 3, "summary": "匿名举报"},
        headers=bearer(tokens["bureau"]),
    ).json
    at(registry_app, AFTER_NOTICE)
    blocked = registry.post(f"{url}/issue", json=ISSUE, headers=bearer(tokens["bureau"]))
    assert blocked.status_code == 409 and "异议" in blocked.json["detail_zh"]
    at(registry_app, NOW)
    upheld = registry.post(
        f"{url}/objections/{first.json['id']}/outcome",
        json={"outcome": "upheld", "reason": "经核查业绩材料不实"},
        headers=bearer(tokens["bureau"]),
    )
    assert upheld.status_code == 200 and upheld.json["status"] == "upheld"
    dismissed = registry.post(
        f"{url}/objections/{second['id']}/outcome",
        json={"outcome": "dismissed", "reason": "举报内容不实"},
        headers=bearer(tokens["bureau"]),
    )
    assert dismissed.status_code == 200
    twice = registry.post(
        f"{url}/objections/{second['id']}/outcome",
        json={"outcome": "upheld", "reason": "改判"},
        headers=bearer(tokens["bureau"]),
    )
    assert twice.status_code == 409
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(f"{url}/issue", json=ISSUE, headers=bearer(tokens["bureau"]))
    assert issued.status_code == 201
    assert [c["row"] for c in issued.json["certificates"]] == [1, 3]
    statuses = [
        r["status"] for r in registry.get(url, headers=bearer(tokens["bureau"])).json["rows"]
    ]
    assert statuses == ["issued", "removed", "issued"]


def test_rows_that_no_longer_pass_at_issuance_stop_the_whole_batch(registry_app, registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    # During the notice, person 1 gets the title through another route: recognition (认定).
    with registry_app.extensions["registry"].sessions() as session, session.begin():
        add_entry(session, BUREAU, entry("RK-M", grade="intermediate"), NOW)
    recognised = registry.post(
        "/api/v1/recognitions",
        json=recognition(holder_id_number=id_number(1), committee_code="BJ-DZ-01"),
        headers=bearer(tokens["bureau"]),
    )
    assert recognised.status_code == 201, recognised.json
    assert recognised.json["certificate"]["level"] == "engineer"
    at(registry_app, AFTER_NOTICE)
    before = table_snapshot(registry_app)
    refused = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert refused.status_code == 422
    assert [(e["row"], e["code"]) for e in refused.json["errors"]] == [(2, "already_held")]
    assert table_snapshot(registry_app) == before


def test_submission_objection_and_issuance_are_in_the_audit_trail(registry_app, registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    objection = registry.post(
        f"/api/v1/batches/{batch['id']}/objections",
        json={"row": 1, "summary": "举报"},
        headers=bearer(tokens["bureau"]),
    ).json
    at(registry_app, AFTER_NOTICE)
    registry.post(
        f"/api/v1/batches/{batch['id']}/objections/{objection['id']}/outcome",
        json={"outcome": "dismissed", "reason": "不实"},
        headers=bearer(tokens["bureau"]),
    )
    registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    trail = registry.get(
        "/api/v1/audit", query_string={"object_id": batch["id"]}, headers=bearer(tokens["bureau"])
    ).json["records"]
    assert [r["action"] for r in trail] == [
        "batch.submit",
        "objection.record",
        "objection.dismissed",
        "batch.notice_close",  # issuing closes the notice: full names leave the public tables
        "batch.issue",
    ]
    assert trail[2]["reason"] == "不实" and trail[-1]["actor"].startswith("committee:")
    issued = registry.get(
        "/api/v1/audit",
        query_string={"action": "certificate.issue"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert len(issued) == 2 and {r["detail"]["batch"] for r in issued} == {batch["id"]}


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def test_the_operator_submits_a_workbook_and_issues_a_batch_from_the_command_line(
    database_url, tmp_path
):
    import os

    from registry import create_app
    from registry.batches.rows import json_rows
    from registry.batches.services import Caller, submit_batch
    from registry.batches.template import template_workbook
    from registry.config import Settings
    from tests.factories import BUREAU
    from tests.registry.test_operator import flask
    from tests.workbooks import filled_template

    env = {
        **os.environ,
        "REGISTRY_VAR_DIR": str(tmp_path / "var"),
        "REGISTRY_DATABASE_URL": database_url,
        # The commands use today's date: years past the shipped file's, loaded by the
        # operator's `calendar load` from this file, keep the test independent of when it runs.
        "REGISTRY_HOLIDAYS_FILE": str(_far_reaching_calendar(tmp_path)),
    }
    flask(env, "keys", "generate")
    app = create_app(Settings.from_env(env))
    setup_registry(app)
    assert "added 2027: 1 holidays" in flask(env, "calendar", "load").stdout
    workbook = tmp_path / "results.xlsx"
    people = [batch_row(i, holder_name=f"王{chr(0x4E00 + i)}") for i in range(3)]
    workbook.write_bytes(filled_template(template_workbook(), people))
    submitted = flask(env, "batches", "submit", str(workbook), "--committee", "BJ-DZ-01")
    assert "3 people on notice" in submitted.stdout and "checking rows" in submitted.stdout
    too_early = flask(
        env,
        "batches",
        "issue",
        re.search(r"batch (B\w+):", submitted.stdout)[1],
        "--decision-number",
        "京人社职评〔2026〕30号",
        "--decision-date",
        "2026-12-04",
        check=False,
    )
    assert too_early.returncode == 1 and "公示期至" in too_early.stderr
    # A batch submitted two weeks ago has finished its notice.
    state = app.extensions["registry"]
    two_weeks_ago = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
    with state.sessions() as session, session.begin():
        old = submit_batch(
            session,
            Caller(BUREAU, None),
            "BJ-DZ-01",
            json_rows([batch_row(10 + i, meeting_date="2026-11-05") for i in range(2)]),
            state.issuer(session),
            state.protector,
            state.notice_rules(session),
            two_weeks_ago,
        )
    issued = flask(
        env,
        "batches",
        "issue",
        old.public_id,
        "--decision-number",
        "京人社职评〔2026〕30号",
        "--decision-date",
        "2026-11-20",
    )
    assert "issued 2 certificates" in issued.stdout and "signing certificates" in issued.stdout
    assert issued.stdout.count("access code ") == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,身份证号码\n张三,123\n", encoding="utf-8")
    refused = flask(env, "batches", "submit", str(bad), "--committee", "BJ-DZ-01", check=False)
    assert refused.returncode == 1
    assert "row 2 holder_id_number" in refused.stderr and "身份证" in refused.stderr
    state.engine.dispose()


def test_each_holder_gets_an_access_code_once_that_opens_their_certificate(
    registry_app, registry, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    at(registry_app, AFTER_NOTICE)
    headers = bearer(tokens["committee"]) | {"Idempotency-Key": "issue-codes"}
    url = f"/api/v1/batches/{batch['id']}/issue"
    issued = registry.post(url, json=ISSUE, headers=headers).json["certificates"]
    assert all(len(c["access_code"]) == 19 for c in issued)  # XXXX-XXXX-XXXX-XXXX
    replay = registry.post(url, json=ISSUE, headers=headers).json["certificates"]
    assert [c["access_code"] for c in replay] == [None, None]  # shown once, never stored
    assert [c["serial"] for c in replay] == [c["serial"] for c in issued]
    signed_in = registry.post(
        "/api/v1/holder/session",
        json={
            "serial": issued[1]["serial"],
            "id_number": batch_row(1)["holder_id_number"],
            "access_code": issued[1]["access_code"],
        },
    )
    assert signed_in.status_code == 201, signed_in.json
    mine = registry.get("/api/v1/holder/certificate", headers=bearer(signed_in.json["token"]))
    assert mine.json["serial"] == issued[1]["serial"]


def test_a_person_barred_for_fraud_is_refused_in_a_batch(registry_app, registry, tokens):
    held = title_held(registry_app, holder_id_number=id_number(3), level="assistant_engineer")
    revoked = registry.post(
        f"/api/v1/certificates/{held.serial}/status-changes",
        json={
            "action": "revoke",
            "reason": "forged_publications",
            "decision_number": "京人社职撤〔2026〕7号",
            "effective_date": "2026-11-26",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert revoked.status_code == 201, revoked.json
    response = submit(registry, tokens["committee"], [batch_row(2), batch_row(3)])
    assert response.status_code == 422
    (error,) = response.json["errors"]
    assert (error["row"], error["field"], error["code"]) == (2, "holder_id_number", "barred")
    assert "2029" in error["message"] and error["message_zh"]


def test_objections_close_with_the_notice_and_their_words_stay_with_the_bureau(
    registry_app, registry, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    url = f"/api/v1/batches/{batch['id']}"
    registry.post(
        f"{url}/objections",
        json={"row": 1, "summary": "举报人：某某"},
        headers=bearer(tokens["bureau"]),
    )
    seen_by_committee = registry.get(url, headers=bearer(tokens["committee"])).json
    assert seen_by_committee["objections"][0]["summary"] is None
    assert seen_by_committee["objections"][0]["status"] == "open"
    seen_by_bureau = registry.get(url, headers=bearer(tokens["bureau"])).json
    assert seen_by_bureau["objections"][0]["summary"] == "举报人：某某"
    at(registry_app, AFTER_NOTICE)
    late = registry.post(
        f"{url}/objections",
        json={"row": 1, "summary": "迟到的异议"},
        headers=bearer(tokens["bureau"]),
    )
    assert late.status_code == 409 and "公示期已于 2026-12-03 结束" in late.json["detail_zh"]


def _far_reaching_calendar(tmp_path):
    """Years after the shipped ones to next year, with 1 January their only holiday."""
    years = range(2027, dt.datetime.now(dt.UTC).year + 2)
    source = {"title": "test calendar", "number": "none"}
    data = {
        "years": [
            {"year": year, "source": source, "holidays": [f"{year}-01-01"], "workdays": []}
            for year in years
        ]
    }
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path
