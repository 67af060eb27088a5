"""After fraud, the person's other titles: a fraud revocation (or fraud found during the
evaluation) lists each title the person still holds for the bureau to keep or revoke, one
by one, in the audit trail."""

from __future__ import annotations

from tests.batch_helpers import past_row, titles_held
from tests.factories import bearer, id_number
from tests.registry.test_batches import submit
from tests.registry.test_certificates_api import table_snapshot
from tests.status_helpers import change

FRAUD = {
    "action": "revoke",
    "reason": "forged_education",
    "decision_number": "京人社职撤〔2026〕5号",
    "effective_date": "2026-11-26",
}


def _held(registry_app, registry, tokens) -> dict[str, str]:
    """Person 0 holds three titles (one suspended); person 1 holds one."""
    levels = ("assistant_engineer", "engineer", "senior_engineer")
    serials = titles_held(
        registry_app,
        [past_row(i, level=level, holder_id_number=id_number(0)) for i, level in enumerate(levels)]
        + [past_row(9)],
    )
    held = dict(zip((*levels, "other_person"), serials, strict=True))
    suspended = change(
        registry,
        held["senior_engineer"],
        tokens["bureau"],
        action="suspend",
        decision_number="京人社职停〔2026〕2号",
        effective_date="2026-11-26",
    )
    assert suspended.status_code == 201, suspended.json
    return held


def _queue(registry, tokens, **query) -> list[dict]:
    answer = registry.get("/api/v1/reviews", query_string=query, headers=bearer(tokens["bureau"]))
    assert answer.status_code == 200, answer.json
    return answer.json["reviews"]


def _decide(registry, tokens, review_id: int, **body):
    return registry.post(
        f"/api/v1/reviews/{review_id}/decision", json=body, headers=bearer(tokens["bureau"])
    )


def test_a_fraud_revocation_puts_the_persons_other_titles_in_the_review_queue(
    registry_app, registry, tokens
):
    held = _held(registry_app, registry, tokens)
    assert _queue(registry, tokens) == []
    revoked = change(registry, held["engineer"], tokens["bureau"], **FRAUD)
    assert revoked.status_code == 201, revoked.json

    queue = _queue(registry, tokens, status="open")
    assert [r["certificate"]["serial"] for r in queue] == [
        held["assistant_engineer"],
        held["senior_engineer"],
    ]
    assert [r["certificate"]["status"] for r in queue] == ["valid", "suspended"]
    for review in queue:
        cause = review["integrity_record"]
        assert (cause["source"], cause["certificate_serial"]) == ("revocation", held["engineer"])
        assert cause["conduct"] == "forged_education" and review["decided_at"] is None
    one = registry.get(f"/api/v1/reviews/{queue[0]['id']}", headers=bearer(tokens["bureau"]))
    assert one.json == queue[0]
    trail = registry.get(
        "/api/v1/audit",
        query_string={"action": "certificate.revoke"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert trail[0]["detail"]["reviews_opened"] == [r["id"] for r in queue]
    for token in ("committee", "other_committee"):
        assert registry.get("/api/v1/reviews", headers=bearer(tokens[token])).status_code == 403
    assert registry.get("/api/v1/reviews").status_code == 401


def test_the_bureau_keeps_or_revokes_each_title_under_review_one_by_one(
    registry_app, registry, verify, tokens
):
    held = _held(registry_app, registry, tokens)
    change(registry, held["engineer"], tokens["bureau"], **FRAUD)
    assistant, senior = _queue(registry, tokens, status="open")

    before = table_snapshot(registry_app)
    no_reason = _decide(
        registry, tokens, senior["id"], decision="revoke", reason="同一学历", decision_number="X1"
    )
    assert no_reason.status_code == 422
    assert no_reason.json["errors"][0]["field"] == "revocation_reason"
    assert "三(二)1" in no_reason.json["errors"][0]["message"]
    mixed = _decide(
        registry,
        tokens,
        assistant["id"],
        decision="keep",
        reason="不依赖该学历",
        decision_number="X2",
        revocation_reason="forged_education",
    )
    assert mixed.status_code == 422 and mixed.json["errors"][0]["code"] == "not_revoking"
    by_committee = registry.post(
        f"/api/v1/reviews/{assistant['id']}/decision",
        json={"decision": "keep", "reason": "r", "decision_number": "X3"},
        headers=bearer(tokens["committee"]),
    )
    assert by_committee.status_code == 403
    assert table_snapshot(registry_app) == before

    kept = _decide(
        registry,
        tokens,
        assistant["id"],
        decision="keep",
        reason="助理工程师系按中专学历取得，不依赖被认定伪造的学历",
        decision_number="京人社职复核〔2026〕1号",
    )
    assert kept.status_code == 200, kept.json
    assert (kept.json["status"], kept.json["decision_number"]) == (
        "kept",
        "京人社职复核〔2026〕1号",
    )
    answer = verify.get(f"/api/v1/certificates/{held['assistant_engineer']}").json
    assert answer["result"] == "valid"
    again = _decide(
        registry, tokens, assistant["id"], decision="keep", reason="r", decision_number="X4"
    )
    assert again.status_code == 409

    revoked = _decide(
        registry,
        tokens,
        senior["id"],
        decision="revoke",
        reason="高级工程师申报依据同一伪造学历",
        decision_number="京人社职撤〔2026〕6号",
        revocation_reason="forged_education",
    )
    assert revoked.status_code == 200, revoked.json
    assert revoked.json["status"] == "revoked" and revoked.json["status_change_id"]
    answer = verify.get(f"/api/v1/certificates/{held['senior_engineer']}").json
    assert (answer["result"], answer["status_reason"]) == ("revoked", "fraud")
    history = change_history(registry, tokens, held["senior_engineer"])
    assert history[-1]["action"] == "revoke"
    assert history[-1]["decision_number"] == "京人社职撤〔2026〕6号"
    # The title already kept for the same forged degree is not listed again; the other
    # person's title never was.
    assert _queue(registry, tokens, status="open") == []
    assert [r["id"] for r in _queue(registry, tokens, status="kept")] == [assistant["id"]]

    trail = registry.get(
        "/api/v1/audit", query_string={"object_type": "review"}, headers=bearer(tokens["bureau"])
    ).json["records"]
    assert [(r["action"], r["object_id"]) for r in trail] == [
        ("review.keep", str(assistant["id"])),
        ("review.revoke", str(senior["id"])),
    ]
    assert trail[0]["reason"].startswith("助理工程师")
    assert trail[1]["detail"]["serial"] == held["senior_engineer"]


def change_history(registry, tokens, serial: str) -> list[dict]:
    return registry.get(
        f"/api/v1/certificates/{serial}/status-changes", headers=bearer(tokens["bureau"])
    ).json


def test_a_title_revoked_by_another_decision_or_an_appeal_upheld_leaves_the_queue(
    registry_app, registry, tokens
):
    held = _held(registry_app, registry, tokens)
    change(registry, held["engineer"], tokens["bureau"], **FRAUD)
    assistant, senior = _queue(registry, tokens, status="open")
    direct = change(
        registry,
        held["senior_engineer"],
        tokens["bureau"],
        **{**FRAUD, "reason": "duplicate", "decision_number": "京人社职撤〔2026〕7号"},
    )
    assert direct.status_code == 201
    reinstated = change(
        registry,
        held["engineer"],
        tokens["bureau"],
        action="reinstate",
        decision_number="京人社复〔2026〕9号",
        effective_date="2026-11-26",
    )
    assert reinstated.status_code == 201, reinstated.json
    assert _queue(registry, tokens, status="open") == []
    closed = {r["id"]: r for r in _queue(registry, tokens)}
    assert (closed[senior["id"]]["status"], closed[senior["id"]]["decision_number"]) == (
        "revoked",
        "京人社职撤〔2026〕7号",
    )
    assert (closed[assistant["id"]]["status"], closed[assistant["id"]]["decision_number"]) == (
        "cancelled",
        "京人社复〔2026〕9号",
    )


def test_fraud_found_during_the_evaluation_puts_the_titles_held_in_the_queue(
    registry_app, registry, tokens
):
    (assistant,) = titles_held(registry_app, [past_row(0, level="assistant_engineer")])
    batch = submit(registry, tokens["committee"], [past_row(0, level="engineer")]).json
    url = f"/api/v1/batches/{batch['id']}/objections"
    objection = registry.post(
        url, json={"row": 1, "summary": "学历造假"}, headers=bearer(tokens["bureau"])
    ).json
    upheld = registry.post(
        f"{url}/{objection['id']}/outcome",
        json={
            "outcome": "upheld",
            "reason": "学历证书系伪造",
            "fraud_kind": "forged_education",
            "decision_number": "京人社职处〔2026〕4号",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert upheld.status_code == 200, upheld.json
    (review,) = _queue(registry, tokens, status="open")
    assert review["certificate"]["serial"] == assistant
    assert review["integrity_record"]["source"] == "objection"
    assert review["integrity_record"]["batch_id"] == batch["id"]
