"""Revocation, suspension and reinstatement through the API, as every public output shows
them, on SQLite and PostgreSQL."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest

from tests.batch_helpers import title_held
from tests.factories import ID_NUMBERS, batch_row, bearer
from tests.registry.test_certificates_api import table_snapshot
from tests.status_helpers import REVOKE, change, list_bit, status_index

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def serial(registry_app, tokens):
    """张三's 工程师 title, from a results batch of BJ-DZ-01."""
    return title_held(registry_app).serial


def submit_senior(registry, tokens):
    """BJ-DZ-01 puts 张三 on notice for 高级工程师."""
    row = batch_row(0, holder_name="张三", holder_id_number=ID_NUMBERS[0], level="senior_engineer")
    return registry.post(
        "/api/v1/batches", json={"rows": [row]}, headers=bearer(tokens["committee"])
    )


def test_fraud_revocation_shows_everywhere_at_once_without_the_private_note(
    registry, verify, tokens, serial
):
    index = status_index(registry, serial, tokens["bureau"])
    assert list_bit(verify, "revocation", index) == 0
    response = change(registry, serial, tokens["bureau"], **REVOKE)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["to_status"] == "revoked"

    answer = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert (answer["result"], answer["status"], answer["status_reason"]) == (
        "revoked",
        "revoked",
        "fraud",
    )
    assert answer["status_decision_number"] == REVOKE["decision_number"]
    assert answer["status_effective_date"] == "2026-11-20"
    page = verify.get(f"/c/{serial}").get_data(as_text=True)
    assert "已撤销" in page and REVOKE["decision_number"] in page and "弄虚作假" in page
    assert list_bit(verify, "revocation", index) == 1
    assert list_bit(verify, "suspension", index) == 0

    register = verify.get("/api/v1/revocations").get_json()
    assert register["total"] == 1 and register["next_page"] is None
    item = register["items"][0]
    assert (item["serial"], item["masked_name"], item["reason_class"]) == (serial, "张*", "fraud")
    assert item["committee"]["code"] == "BJ-DZ-01" and item["effective_date"] == "2026-11-20"
    exported = verify.get("/api/v1/revocations.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(row["serial"], row["reason_class"]) for row in rows] == [(serial, "fraud")]
    feed = ET.fromstring(verify.get("/api/v1/revocations.atom").data)  # noqa: S314 (our own)
    assert [e.find(ATOM + "link").get("href") for e in feed.iter(ATOM + "entry")] == [
        f"https://verify.example.gov.cn/c/{serial}"
    ]
    for url in ("/api/v1/revocations", "/api/v1/revocations.csv", "/api/v1/revocations.atom"):
        text = verify.get(url).get_data(as_text=True)
        assert "13800000000" not in text and "张三" not in text and ID_NUMBERS[0] not in text
    assert "13800000000" not in page + str(answer)

    audit = registry.get(
        "/api/v1/audit?action=certificate.revoke", headers=bearer(tokens["bureau"])
    ).get_json()["records"]
    assert [(r["object_id"], r["reason"]) for r in audit] == [(serial, "forged_publications")]
    assert audit[0]["detail"]["to"] == "revoked" and "integrity_record" in audit[0]["detail"]


def test_suspension_and_its_lifting_move_the_suspension_bit(registry, verify, tokens, serial):
    index = status_index(registry, serial, tokens["bureau"])
    body = {"decision_number": "京人社职停〔2026〕1号", "effective_date": "2026-11-25"}
    assert change(registry, serial, tokens["bureau"], action="suspend", **body).status_code == 201
    answer = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert answer["result"] == "suspended" and answer["status_reason"] == "under_investigation"
    assert list_bit(verify, "suspension", index) == 1
    assert "已暂停" in verify.get(f"/c/{serial}").get_data(as_text=True)
    lifted = change(registry, serial, tokens["bureau"], action="lift", **body)
    assert lifted.status_code == 201
    assert verify.get(f"/api/v1/certificates/{serial}").get_json()["result"] == "valid"
    assert list_bit(verify, "suspension", index) == 0
    history = registry.get(
        f"/api/v1/certificates/{serial}/status-changes", headers=bearer(tokens["bureau"])
    ).get_json()
    assert [(h["action"], h["to_status"]) for h in history] == [
        ("suspend", "suspended"),
        ("lift", "valid"),
    ]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({**REVOKE, "reason": None}, 422, "reason"),
        ({**REVOKE, "effective_date": "2099-01-01"}, 422, "effective_date"),
        ({**REVOKE, "effective_date": "2020-01-01"}, 422, "effective_date"),
        ({**REVOKE, "reason": "gossip"}, 422, "reason"),
        ({**REVOKE, "action": "lift"}, 409, None),
        ({**REVOKE, "action": "reinstate"}, 409, None),
    ],
)
def test_refused_decisions_say_why_and_change_nothing(
    registry_app, registry, tokens, serial, body, status, field
):
    before = table_snapshot(registry_app)
    response = change(registry, serial, tokens["bureau"], **body)
    assert response.status_code == status, response.get_json()
    problem = response.get_json()
    assert problem["status"] == status and problem["detail"] and problem["detail_zh"]
    if field:
        assert field in {e["field"] for e in problem["errors"]}
        assert all(e["message_zh"] for e in problem["errors"])
    assert table_snapshot(registry_app) == before


def test_only_the_bureau_decides_and_reads_integrity_records(registry, tokens, serial):
    assert change(registry, serial, tokens["committee"], **REVOKE).status_code == 403
    assert change(registry, serial, tokens["bureau"], **REVOKE).status_code == 201
    for token in ("committee", "other_committee"):
        listing = registry.get("/api/v1/integrity-records", headers=bearer(tokens[token]))
        assert listing.status_code == 403
    assert registry.get("/api/v1/integrity-records").status_code == 401
    records = registry.post(
        "/api/v1/integrity-records/search",
        json={"id_number": ID_NUMBERS[0].lower()},
        headers=bearer(tokens["bureau"]),
    ).get_json()["records"]
    assert len(records) == 1
    record = records[0]
    assert record["conduct"] == "forged_publications" and record["certificate_serial"] == serial
    assert record["id_number_masked"] == "110105********002X"
    assert (record["barred_from"], record["barred_until"]) == ("2026-11-20", "2029-11-20")
    other = registry.post(
        "/api/v1/integrity-records/search",
        json={"id_number": ID_NUMBERS[1]},
        headers=bearer(tokens["bureau"]),
    )
    assert other.get_json()["records"] == []
    in_url = registry.get(
        f"/api/v1/integrity-records?id_number={ID_NUMBERS[0]}", headers=bearer(tokens["bureau"])
    )
    assert in_url.status_code == 422  # never in a URL, where access logs would keep it
    bad = registry.post(
        "/api/v1/integrity-records/search",
        json={"id_number": ID_NUMBERS[0][:-1] + "5"},
        headers=bearer(tokens["bureau"]),
    )
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "id_number"
    one = registry.get(
        f"/api/v1/integrity-records/{record['id']}", headers=bearer(tokens["bureau"])
    )
    assert one.get_json() == record


def test_fraud_bars_new_applications_and_an_upheld_appeal_lifts_the_bar(
    registry_app, registry, verify, tokens, serial
):
    old_index = status_index(registry, serial, tokens["bureau"])
    assert change(registry, serial, tokens["bureau"], **REVOKE).status_code == 201
    again = submit_senior(registry, tokens)
    assert again.status_code == 422
    [error] = again.get_json()["errors"]
    assert (error["row"], error["field"], error["code"]) == (1, "holder_id_number", "barred")
    assert "2026-11-20" in error["message"] and "2029-11-19" in error["message_zh"]
    # Nor does a correction put a title in the barred person's name.
    other = title_held(registry_app, holder_id_number=ID_NUMBERS[1], holder_name="李四").serial
    corrected = registry.post(
        "/api/v1/certificates",
        json={
            "replaces": other,
            "correction_number": "京人社职更〔2026〕3号",
            "reason": "身份证号码录入错误",
            "corrections": {"holder_name": "张三", "holder_id_number": ID_NUMBERS[0]},
        },
        headers=bearer(tokens["bureau"]),
    )
    assert corrected.status_code == 422
    [error] = corrected.get_json()["errors"]
    assert error["code"] == "barred" and error["field"] == "corrections.holder_id_number"
    assert verify.get(f"/api/v1/certificates/{other}").get_json()["result"] == "valid"

    reinstate = {"action": "reinstate", "effective_date": "2026-11-25"}
    same = change(
        registry, serial, tokens["bureau"], decision_number=REVOKE["decision_number"], **reinstate
    )
    assert same.status_code == 422
    assert same.get_json()["errors"][0]["code"] == "same_as_revocation"
    upheld = change(
        registry, serial, tokens["bureau"], decision_number="京人社复〔2026〕9号", **reinstate
    )
    assert upheld.status_code == 201
    answer = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert answer["result"] == "valid" and answer["signature"]["valid"]
    new_index = status_index(registry, serial, tokens["bureau"])
    assert new_index != old_index
    # Whoever still holds the revoked credential finds it revoked; the new one is good.
    assert list_bit(verify, "revocation", old_index) == 1
    assert list_bit(verify, "revocation", new_index) == 0
    assert verify.get("/api/v1/revocations").get_json()["total"] == 0
    record = registry.get("/api/v1/integrity-records", headers=bearer(tokens["bureau"]))
    assert record.get_json()["records"][0]["withdrawn_decision"] == "京人社复〔2026〕9号"
    listed = submit_senior(registry, tokens)
    assert listed.status_code == 201, listed.get_json()
    assert [row["status"] for row in listed.get_json()["rows"]] == ["listed"]


def test_revocation_for_error_bars_nobody(registry_app, registry, verify, tokens, serial):
    body = {**REVOKE, "reason": "issued_in_error"}
    assert change(registry, serial, tokens["bureau"], **body).status_code == 201
    records = registry.get("/api/v1/integrity-records", headers=bearer(tokens["bureau"]))
    assert records.get_json()["records"] == []
    # The same person's title again, through a results batch: nothing bars it.
    again = title_held(registry_app).serial
    assert again != serial
    assert verify.get(f"/api/v1/certificates/{again}").get_json()["result"] == "valid"


def test_a_decision_dated_today_in_beijing_is_accepted_while_utc_is_still_yesterday(
    registry_app, serial
):
    from registry.audit.services import Actor
    from registry.revocation.services import StatusDecision, StatusPolicy, change_status

    state = registry_app.extensions["registry"]
    late_evening_utc = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)  # 01:30 on the 27th
    decision = StatusDecision("suspend", "京人社职停〔2026〕2号", dt.date(2026, 11, 27))
    with state.sessions() as session, session.begin():
        policy = StatusPolicy(state.issuer(session), state.settings.fraud_bar_years)
        change = change_status(
            session, Actor("bureau:test"), serial, decision, policy, late_evening_utc
        )
    assert change.to_status == "suspended"
