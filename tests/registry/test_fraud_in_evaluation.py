"""Fraud found during the evaluation (三(二)1, 一票否决): an objection upheld for fraud goes into
the integrity record and bars the person at once, as a fraud revocation does, and an upheld
appeal withdraws the record."""

from __future__ import annotations

import pytest

from tests.batch_helpers import past_row, title_held, titles_held
from tests.factories import at, batch_row, bearer, id_number
from tests.registry.test_batches import AFTER_NOTICE, submit
from tests.registry.test_certificates_api import table_snapshot

FINDING = "京人社职处〔2026〕4号"
APPEAL = "京人社复〔2026〕11号"


def _objection(registry, tokens, batch_id: str, row: int, summary: str = "学历造假") -> str:
    url = f"/api/v1/batches/{batch_id}/objections"
    made = registry.post(
        url, json={"row": row, "summary": summary}, headers=bearer(tokens["bureau"])
    )
    assert made.status_code == 201, made.json
    return f"{url}/{made.json['id']}/outcome"


def _uphold(registry, tokens, outcome_url: str, **fraud):
    body = {"outcome": "upheld", "reason": "经核查学历证书系伪造", **fraud}
    return registry.post(outcome_url, json=body, headers=bearer(tokens["bureau"]))


def _records(registry, tokens, number: str) -> list[dict]:
    found = registry.post(
        "/api/v1/integrity-records/search",
        json={"id_number": number},
        headers=bearer(tokens["bureau"]),
    )
    assert found.status_code == 200, found.json
    return found.json["records"]


def test_an_objection_upheld_for_forged_education_bars_the_person_the_same_day(
    registry_app, registry, verify, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    outcome = _objection(registry, tokens, batch["id"], 1)
    upheld = _uphold(
        registry, tokens, outcome, fraud_kind="forged_education", decision_number=FINDING
    )
    assert upheld.status_code == 200, upheld.json
    assert upheld.json["status"] == "upheld" and upheld.json["integrity_record_id"]

    (record,) = _records(registry, tokens, id_number(0))
    assert (record["source"], record["conduct"]) == ("objection", "forged_education")
    assert (record["batch_id"], record["batch_row"]) == (batch["id"], 1)
    assert record["objection_id"] == upheld.json["id"]
    assert record["certificate_serial"] is None and record["decision_number"] == FINDING
    assert (record["barred_from"], record["barred_until"]) == ("2026-11-26", "2029-11-26")

    # The same day, the same person: a correction putting a title in their name is refused,
    # naming the bar ...
    other = title_held(registry_app, holder_id_number=id_number(5)).serial
    corrected = registry.post(
        "/api/v1/certificates",
        json={
            "replaces": other,
            "correction_number": "京人社职更〔2026〕3号",
            "reason": "身份证号码录入错误",
            "corrections": {
                "holder_id_number": id_number(0),
                "holder_name": batch_row(0)["holder_name"],
            },
        },
        headers=bearer(tokens["bureau"]),
    )
    assert corrected.status_code == 422
    barred = [e for e in corrected.json["errors"] if e["code"] == "barred"]
    assert barred and barred[0]["field"] == "corrections.holder_id_number"
    assert FINDING in barred[0]["message"] and "2029-11-25" in barred[0]["message_zh"]
    assert verify.get(f"/api/v1/certificates/{other}").json["result"] == "valid"
    # ... and so is a place in another batch.
    again = submit(registry, tokens["committee"], [batch_row(0, level="senior_engineer")])
    assert again.status_code == 422 and again.json["errors"][0]["code"] == "barred"

    entries = verify.get(f"/api/v1/notices/{batch['id']}").json["entries"]
    assert [entry["row"] for entry in entries] == [2]
    committee_view = registry.get(
        f"/api/v1/batches/{batch['id']}", headers=bearer(tokens["committee"])
    ).json
    assert committee_view["objections"][0]["integrity_record_id"] is None  # the bureau's
    trail = registry.get(
        "/api/v1/audit",
        query_string={"action": "objection.upheld"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert trail[0]["detail"]["fraud_kind"] == "forged_education"
    assert trail[0]["detail"]["integrity_record"] == record["id"]
    # The rest of the batch issues.
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch['id']}/issue",
        json={"decision_number": "京人社职评〔2026〕21号", "decision_date": "2026-12-04"},
        headers=bearer(tokens["committee"]),
    )
    assert issued.status_code == 201 and [c["row"] for c in issued.json["certificates"]] == [2]


def test_an_objection_upheld_without_fraud_bars_nobody(registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    outcome = _objection(registry, tokens, batch["id"], 1, "材料不全")
    upheld = _uphold(registry, tokens, outcome)
    assert upheld.status_code == 200 and upheld.json["integrity_record_id"] is None
    assert _records(registry, tokens, id_number(0)) == []
    assert submit(registry, tokens["committee"], [batch_row(0)]).status_code == 201


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (
            {"outcome": "dismissed", "fraud_kind": "forged_awards", "decision_number": FINDING},
            "fraud_kind",
            "needs_upheld",
        ),
        (
            {"outcome": "upheld", "fraud_kind": "forged_other", "decision_number": FINDING},
            "fraud_description",
            "description_required",
        ),
        ({"outcome": "upheld", "fraud_kind": "forged_awards"}, "decision_number", None),
        ({"outcome": "upheld", "fraud_description": "伪造证明"}, "fraud_description", None),
        ({"outcome": "upheld", "fraud_kind": "gossip"}, "fraud_kind", "unknown_fraud_kind"),
    ],
)
def test_a_fraud_finding_that_cannot_stand_is_refused_and_stores_nothing(
    registry_app, registry, tokens, body, field, code
):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    outcome = _objection(registry, tokens, batch["id"], 1)
    before = table_snapshot(registry_app)
    refused = registry.post(
        outcome, json={"reason": "核查", **body}, headers=bearer(tokens["bureau"])
    )
    assert refused.status_code == 422, refused.json
    errors = {e["field"]: e for e in refused.json["errors"]}
    assert field in errors and errors[field]["message_zh"]
    if code:
        assert errors[field]["code"] == code
    if field != "fraud_kind" or code == "needs_upheld":  # the rule and its clause, both words
        assert "三(二)1" in errors[field]["message"] and "三(二)1" in errors[field]["message_zh"]
    assert table_snapshot(registry_app) == before


def test_other_fraud_is_recorded_with_its_description_and_an_appeal_withdraws_it(
    registry_app, registry, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    outcome = _objection(registry, tokens, batch["id"], 1)
    upheld = _uphold(
        registry,
        tokens,
        outcome,
        fraud_kind="forged_other",
        fraud_description="冒用他人专利证书",
        decision_number=FINDING,
    )
    assert upheld.status_code == 200, upheld.json
    record_id = upheld.json["integrity_record_id"]
    url = f"/api/v1/integrity-records/{record_id}"
    record = registry.get(url, headers=bearer(tokens["bureau"])).json
    assert (record["conduct"], record["description"]) == ("forged_other", "冒用他人专利证书")

    withdraw = f"{url}/withdrawal"
    before = table_snapshot(registry_app)
    assert (
        registry.post(
            withdraw, json={"decision_number": APPEAL}, headers=bearer(tokens["committee"])
        ).status_code
        == 403
    )
    same = registry.post(
        withdraw, json={"decision_number": FINDING}, headers=bearer(tokens["bureau"])
    )
    assert same.status_code == 422 and same.json["errors"][0]["code"] == "same_as_finding"
    assert table_snapshot(registry_app) == before

    withdrawn = registry.post(
        withdraw, json={"decision_number": APPEAL}, headers=bearer(tokens["bureau"])
    )
    assert withdrawn.status_code == 200, withdrawn.json
    assert withdrawn.json["withdrawn_decision"] == APPEAL and withdrawn.json["withdrawn_at"]
    twice = registry.post(
        withdraw, json={"decision_number": "京人社复〔2026〕12号"}, headers=bearer(tokens["bureau"])
    )
    assert twice.status_code == 409 and APPEAL in twice.json["detail_zh"]
    # The bar is lifted: the person may be put forward again.
    assert submit(registry, tokens["committee"], [batch_row(0)]).status_code == 201
    trail = registry.get(
        "/api/v1/audit",
        query_string={"object_type": "integrity_record", "object_id": str(record_id)},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert [(r["action"], r["reason"]) for r in trail] == [("integrity_record.withdraw", APPEAL)]


def test_a_revocations_record_is_withdrawn_only_by_reinstating_the_certificate(
    registry_app, registry, tokens
):
    (serial,) = titles_held(registry_app, [past_row(0)])
    revoked = registry.post(
        f"/api/v1/certificates/{serial}/status-changes",
        json={
            "action": "revoke",
            "reason": "forged_research",
            "decision_number": FINDING,
            "effective_date": "2026-11-26",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert revoked.status_code == 201, revoked.json
    (record,) = _records(registry, tokens, id_number(0))
    assert (record["source"], record["certificate_serial"]) == ("revocation", serial)
    refused = registry.post(
        f"/api/v1/integrity-records/{record['id']}/withdrawal",
        json={"decision_number": APPEAL},
        headers=bearer(tokens["bureau"]),
    )
    assert refused.status_code == 409
    assert serial in refused.json["detail"] and "三(二)1" in refused.json["detail_zh"]
    unknown = registry.post(
        "/api/v1/integrity-records/99999/withdrawal",
        json={"decision_number": APPEAL},
        headers=bearer(tokens["bureau"]),
    )
    assert unknown.status_code == 404


def test_a_revocation_for_other_fraud_must_describe_it(registry_app, registry, tokens):
    (serial,) = titles_held(registry_app, [past_row(0)])
    url = f"/api/v1/certificates/{serial}/status-changes"
    body = {"action": "revoke", "decision_number": FINDING, "effective_date": "2026-11-26"}
    bureau = bearer(tokens["bureau"])
    bare = registry.post(url, json={**body, "reason": "forged_other"}, headers=bureau)
    assert bare.status_code == 422
    assert bare.json["errors"][0]["code"] == "description_required"
    not_fraud = registry.post(
        url,
        json={**body, "reason": "issued_in_error", "fraud_description": "无"},
        headers=bureau,
    )
    assert not_fraud.status_code == 422 and not_fraud.json["errors"][0]["code"] == "not_fraud"
    described = registry.post(
        url,
        json={**body, "reason": "forged_other", "fraud_description": "代考"},
        headers=bureau,
    )
    assert described.status_code == 201, described.json
    (record,) = _records(registry, tokens, id_number(0))
    assert (record["conduct"], record["description"]) == ("forged_other", "代考")
