"""No dead ends after the notice: the bureau withdraws a row that no longer passes, with a
reason, so that the rest of the batch issues; the person may be put forward again later."""

from __future__ import annotations

import re

import pytest

from tests.factories import at, batch_row, bearer, id_number
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit
from tests.registry.test_certificates_api import table_snapshot


def _withdraw(registry, token: str, batch_id: str, row: int, **body):
    return registry.post(
        f"/api/v1/batches/{batch_id}/rows/{row}/withdrawal",
        json={"reason": "该行复核未通过", **body},
        headers=bearer(token),
    )


def _issue(registry, tokens, batch_id: str):
    return registry.post(
        f"/api/v1/batches/{batch_id}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )


def test_a_row_that_fails_its_recheck_is_withdrawn_and_the_rest_of_the_batch_issues(
    registry_app, registry, verify, tokens
):
    rows = [batch_row(0), batch_row(1, level="senior_engineer"), batch_row(2)]
    batch = submit(registry, tokens["committee"], rows).json
    # During the notice the committee loses the authority for 高级工程师.
    narrowed = registry.patch(
        "/api/v1/committees/BJ-DZ-01",
        json={"levels": ["assistant_engineer", "engineer"], "reason": "核准范围调整"},
        headers=bearer(tokens["bureau"]),
    )
    assert narrowed.status_code == 200, narrowed.json
    at(registry_app, AFTER_NOTICE)
    stuck = _issue(registry, tokens, batch["id"])
    assert stuck.status_code == 422
    assert [(e["row"], e["code"]) for e in stuck.json["errors"]] == [(2, "outside_authority")]
    assert "withdraw" in stuck.json["detail"] and "撤出" in stuck.json["detail_zh"]

    reason = "评审委员会已无高级工程师评审权，该行撤出本批"
    withdrawn = _withdraw(registry, tokens["bureau"], batch["id"], 2, reason=reason)
    assert withdrawn.status_code == 201, withdrawn.json
    assert withdrawn.json == {
        "row": 2,
        "reason": reason,
        "withdrawn_at": "2026-12-03T16:00:00+00:00",
        "fraud_kind": None,
        "integrity_record_id": None,
    }
    entries = verify.get(f"/api/v1/notices/{batch['id']}").json["entries"]
    assert [entry["row"] for entry in entries] == [1, 3]

    issued = _issue(registry, tokens, batch["id"])
    assert issued.status_code == 201, issued.json
    assert [c["row"] for c in issued.json["certificates"]] == [1, 3]
    seen = registry.get(f"/api/v1/batches/{batch['id']}", headers=bearer(tokens["committee"])).json
    assert [r["status"] for r in seen["rows"]] == ["issued", "withdrawn", "issued"]
    assert seen["rows"][1]["withdrawal"]["reason"] == reason
    assert seen["rows"][0]["withdrawal"] is None
    trail = registry.get(
        "/api/v1/audit", query_string={"object_id": batch["id"]}, headers=bearer(tokens["bureau"])
    ).json["records"]
    assert [r["action"] for r in trail] == [
        "batch.submit",
        "batch.withdraw_row",
        "batch.notice_close",
        "batch.issue",
    ]
    assert trail[1]["reason"] == reason and trail[1]["detail"] == {"row": 2}


def test_a_withdrawn_person_can_be_put_forward_again_in_a_later_batch(registry, tokens):
    first = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    assert _withdraw(registry, tokens["bureau"], first["id"], 2).status_code == 201
    # The first batch is still on notice: its listed row still counts, the withdrawn one not.
    later = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)])
    assert later.status_code == 422
    assert [(e["row"], e["code"]) for e in later.json["errors"]] == [(1, "already_on_notice")]
    again = submit(registry, tokens["committee"], [batch_row(1)])
    assert again.status_code == 201, again.json


def test_a_withdrawal_for_fraud_makes_an_integrity_record_and_bars_the_person(
    registry_app, registry, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    at(registry_app, AFTER_NOTICE)  # after the notice: objections are closed, withdrawal is not
    withdrawn = _withdraw(
        registry,
        tokens["bureau"],
        batch["id"],
        1,
        reason="发证前核查发现工作经历证明系伪造",
        fraud_kind="forged_work_history",
        decision_number="京人社职处〔2026〕9号",
    )
    assert withdrawn.status_code == 201, withdrawn.json
    record_id = withdrawn.json["integrity_record_id"]
    record = registry.get(
        f"/api/v1/integrity-records/{record_id}", headers=bearer(tokens["bureau"])
    ).json
    assert (record["source"], record["conduct"]) == ("withdrawal", "forged_work_history")
    assert (record["batch_id"], record["batch_row"], record["objection_id"]) == (
        batch["id"],
        1,
        None,
    )
    assert record["barred_from"] == "2026-12-04"  # Beijing day of the withdrawal
    committee_view = registry.get(
        f"/api/v1/batches/{batch['id']}", headers=bearer(tokens["committee"])
    ).json["rows"][0]["withdrawal"]
    assert committee_view["fraud_kind"] is None and committee_view["integrity_record_id"] is None
    barred = submit(registry, tokens["committee"], [batch_row(0, level="senior_engineer")])
    assert barred.status_code == 422 and barred.json["errors"][0]["code"] == "barred"
    assert _issue(registry, tokens, batch["id"]).status_code == 201


@pytest.mark.parametrize(
    ("row", "body", "status", "field"),
    [
        (3, {}, 422, "row"),  # no such row
        (
            1,
            {"fraud_kind": "forged_other", "decision_number": "京人社职处〔2026〕9号"},
            422,
            "fraud_description",
        ),
        (1, {"fraud_kind": "forged_awards"}, 422, "decision_number"),
        (2, {}, 409, None),  # an objection on it is still open
    ],
)
def test_a_withdrawal_that_cannot_be_made_says_why_and_stores_nothing(
    registry_app, registry, tokens, row, body, status, field
):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    registry.post(
        f"/api/v1/batches/{batch['id']}/objections",
        json={"row": 2, "summary": "举报"},
        headers=bearer(tokens["bureau"]),
    )
    before = table_snapshot(registry_app)
    refused = _withdraw(registry, tokens["bureau"], batch["id"], row, **body)
    assert refused.status_code == status, refused.json
    problem = refused.json
    words = [
        (e["message"], e["message_zh"]) for e in problem.get("errors", []) if e["field"] == field
    ]
    words = words or [(problem["detail"], problem["detail_zh"])]
    assert re.search(r"三\(.\)\d", words[0][0]) and re.search(r"三\(.\)\d", words[0][1])
    assert table_snapshot(registry_app) == before


def test_only_the_bureau_withdraws_and_never_after_issuance(registry_app, registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    assert _withdraw(registry, tokens["committee"], batch["id"], 1).status_code == 403
    at(registry_app, AFTER_NOTICE)
    assert _issue(registry, tokens, batch["id"]).status_code == 201
    before = table_snapshot(registry_app)
    late = _withdraw(registry, tokens["bureau"], batch["id"], 1)
    assert late.status_code == 409
    assert "三(四)4" in late.json["detail"] and "撤销证书" in late.json["detail_zh"]
    assert table_snapshot(registry_app) == before


def test_the_operator_withdraws_a_row_from_the_command_line(registry_app, registry, tokens, cli):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    refused = cli(
        "batches",
        "withdraw",
        batch["id"],
        "1",
        "--reason",
        "伪造",
        "--fraud",
        "forged_other",
        "--decision-number",
        "京人社职处〔2026〕9号",
        ok=False,
    )
    assert "fraud_description" in refused and "三(二)1" in refused
    done = cli(
        "batches",
        "withdraw",
        batch["id"],
        "2",
        "--reason",
        "本人申请撤回",
    )
    assert f"batch {batch['id']}: row 2 withdrawn" in done
    fraud = cli(
        "batches",
        "withdraw",
        batch["id"],
        "1",
        "--reason",
        "代考",
        "--fraud",
        "forged_other",
        "--description",
        "他人代为参加答辩",
        "--decision-number",
        "京人社职处〔2026〕9号",
    )
    assert "integrity record" in fraud
    records = registry.post(
        "/api/v1/integrity-records/search",
        json={"id_number": id_number(0)},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert [(r["source"], r["description"]) for r in records] == [
        ("withdrawal", "他人代为参加答辩")
    ]
    rows = registry.get(f"/api/v1/batches/{batch['id']}", headers=bearer(tokens["bureau"])).json
    assert [r["status"] for r in rows["rows"]] == ["withdrawn", "withdrawn"]
