"""The bureau's controls over committees and the catalogue, through the registry API, on
SQLite and PostgreSQL."""

import datetime as dt

from certs.dates import beijing_date
from registry.audit.services import AuditQuery, search
from registry.committees.authority import authority_errors
from registry.committees.models import Committee, Specialty
from tests.batch_helpers import title_held
from tests.factories import NOW, at, batch_row, bearer, id_number
from tests.registry.test_certificates_api import table_snapshot

COMMITTEE = "/api/v1/committees/BJ-DZ-01"
TODAY = beijing_date(NOW)
DAY = dt.timedelta(days=1)
# A batch submitted at NOW is on notice 27 November to 3 December; issuable from 4 December.
AFTER_NOTICE = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)  # 4 December, 00:00 in Beijing
ISSUE = {"decision_number": "京人社职评〔2026〕21号", "decision_date": "2026-12-04"}


def decide(registry, token, action, effective=TODAY, code="BJ-DZ-01", **extra):
    return registry.post(
        f"/api/v1/committees/{code}/status-changes",
        json={
            "action": action,
            "reason": f"{action}: repeated complaints about review meetings",
            "decision_number": f"京人社职字〔2026〕{action}号",
            "effective_date": effective.isoformat(),
            **extra,
        },
        headers=bearer(token),
    )


def submit(registry, token, index=0, **row):
    """BJ-DZ-01's results for one person (person ``index``), put on notice at the clock."""
    return registry.post(
        "/api/v1/batches",
        json={"rows": [batch_row(index, **row)], "committee_code": "BJ-DZ-01"},
        headers=bearer(token),
    )


def refused_batch(registry_app, registry, token, index=0, **row) -> dict:
    """Results the registry refuses: 422, nothing stored; the errors by field."""
    before = table_snapshot(registry_app)
    response = submit(registry, token, index, **row)
    assert response.status_code == 422, response.get_json()
    assert table_snapshot(registry_app) == before, "a refused batch changed the database"
    errors = response.get_json()["errors"]
    assert all(error["message"] and error["message_zh"] for error in errors)
    return {error["field"]: error for error in errors}


def issued_after_notice(registry_app, registry, token, index=0, **row) -> dict:
    """The certificate issued from results submitted at the clock, once their notice is over
    (the clock is then put back): as the bureau reads it."""
    state = registry_app.extensions["registry"]
    submitted_at = state.clock()
    batch = submit(registry, token, index, **row)
    assert batch.status_code == 201, batch.get_json()
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch.get_json()['id']}/issue", json=ISSUE, headers=bearer(token)
    )
    assert issued.status_code == 201, issued.get_json()
    at(registry_app, submitted_at)
    [certificate] = issued.get_json()["certificates"]
    return registry.get(
        f"/api/v1/certificates/{certificate['serial']}", headers=bearer(token)
    ).get_json()


def test_suspended_committee_cannot_issue_until_reinstated(registry_app, registry, tokens):
    earlier = title_held(registry_app, holder_id_number=id_number(1))
    suspended = decide(registry, tokens["bureau"], "suspend")
    assert suspended.status_code == 201, suspended.get_json()
    assert suspended.get_json()["status"] == "suspended"

    error = refused_batch(registry_app, registry, tokens["committee"])["committee_code"]
    assert error["code"] == "committee_suspended"
    assert "京人社职字〔2026〕suspend号" in error["message"]
    assert "暂停评审工作" in error["message_zh"]
    record = registry.get(COMMITTEE, headers=bearer(tokens["bureau"])).get_json()
    assert record["status"] == "suspended" and record["status_since"] == TODAY.isoformat()
    still = registry.get(f"/api/v1/certificates/{earlier.serial}", headers=bearer(tokens["bureau"]))
    assert still.get_json()["status"] == "valid"

    assert decide(registry, tokens["bureau"], "reinstate").status_code == 201
    again = issued_after_notice(registry_app, registry, tokens["committee"])
    assert again["status"] == "valid" and again["committee"]["code"] == "BJ-DZ-01"
    history = registry.get(f"{COMMITTEE}/status-changes", headers=bearer(tokens["committee"]))
    assert [c["action"] for c in history.get_json()] == ["suspend", "reinstate"]


def test_withdrawal_is_final(registry_app, registry, tokens):
    assert decide(registry, tokens["bureau"], "withdraw").status_code == 201
    error = refused_batch(registry_app, registry, tokens["bureau"])["committee_code"]
    assert error["code"] == "committee_withdrawn" and "收回评审权" in error["message_zh"]
    for action in ("reinstate", "suspend", "withdraw"):
        later = decide(registry, tokens["bureau"], action, TODAY + DAY)
        assert later.status_code == 409, later.get_json()
        assert "评审权已被收回" in later.get_json()["detail_zh"]


def test_status_rules_refuse_what_cannot_follow(registry, tokens):
    reinstated = decide(registry, tokens["bureau"], "reinstate")
    assert (
        reinstated.status_code == 409 and "不能恢复评审工作" in reinstated.get_json()["detail_zh"]
    )
    assert decide(registry, tokens["bureau"], "suspend", TODAY - 10 * DAY).status_code == 201
    earlier = decide(registry, tokens["bureau"], "reinstate", TODAY - 20 * DAY)
    assert earlier.status_code == 409 and "早于最近一项决定" in earlier.get_json()["detail_zh"]
    bad = decide(registry, tokens["bureau"], "pause")
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["field"] == "action"
    missing = registry.post(
        "/api/v1/committees/BJ-NOPE/status-changes",
        json={
            "action": "suspend",
            "reason": "x",
            "decision_number": "1",
            "effective_date": "2026-01-01",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert missing.status_code == 404 and missing.get_json()["detail_zh"]


def test_a_future_suspension_takes_effect_on_its_day(registry_app, registry, tokens):
    assert decide(registry, tokens["bureau"], "suspend", TODAY + 7 * DAY).status_code == 201
    assert (
        registry.get(COMMITTEE, headers=bearer(tokens["bureau"])).get_json()["status"] == "active"
    )
    # Before its day the committee still puts results on notice; from that day it cannot.
    assert submit(registry, tokens["committee"]).status_code == 201
    at(registry_app, NOW + 7 * DAY)
    error = refused_batch(registry_app, registry, tokens["committee"], 1)["committee_code"]
    assert error["code"] == "committee_suspended"
    with registry_app.extensions["registry"].sessions() as session:
        committee = session.query(Committee).filter_by(code="BJ-DZ-01").one()
        specialty = session.query(Specialty).filter_by(code="DZXX-01").one()
        assert authority_errors(session, committee, specialty, "engineer", TODAY + 6 * DAY) == []
        errors = authority_errors(session, committee, specialty, "engineer", TODAY + 7 * DAY)
        assert [e.code for e in errors] == ["committee_suspended"]


def test_bureau_changes_a_committees_authority_with_a_reason(registry_app, registry, tokens):
    refused = refused_batch(registry_app, registry, tokens["committee"], specialty_code="XNY-01")
    assert refused["specialty_code"]["code"] == "outside_authority"
    changed = registry.patch(
        COMMITTEE,
        json={"specialties": ["DZXX-01", "XNY-01"], "reason": "Approved for new energy"},
        headers=bearer(tokens["bureau"]),
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["specialties"] == ["DZXX-01", "XNY-01"]
    # The committee has held the specialty since today: a meeting before today is refused.
    before = refused_batch(registry_app, registry, tokens["committee"], specialty_code="XNY-01")
    assert [(field, e["code"]) for field, e in before.items()] == [
        ("meeting_date", "outside_authority")
    ]
    new_energy = issued_after_notice(
        registry_app,
        registry,
        tokens["committee"],
        specialty_code="XNY-01",
        meeting_date=str(TODAY),
    )
    assert new_energy["specialty"]["code"] == "XNY-01" and new_energy["status"] == "valid"

    ended = registry.patch(
        COMMITTEE,
        json={"valid_to": (TODAY - DAY).isoformat(), "reason": "Period ends"},
        headers=bearer(tokens["bureau"]),
    )
    assert ended.status_code == 200
    error = refused_batch(registry_app, registry, tokens["committee"], 2)["committee_code"]
    assert error["code"] == "outside_authority_period"
    unknown = registry.patch(
        COMMITTEE, json={"specialties": ["NOPE-1"], "reason": "x"}, headers=bearer(tokens["bureau"])
    )
    assert unknown.status_code == 422
    assert (
        registry.patch(
            COMMITTEE, json={"reason": "x"}, headers=bearer(tokens["bureau"])
        ).status_code
        == 422
    )


def test_committee_tokens_cannot_use_the_bureaus_controls(registry, tokens):
    committee = bearer(tokens["committee"])
    assert decide(registry, tokens["committee"], "suspend", code="BJ-XNY-01").status_code == 403
    assert decide(registry, tokens["committee"], "reinstate").status_code == 403
    patch = registry.patch(
        COMMITTEE, json={"levels": ["engineer"], "reason": "x"}, headers=committee
    )
    assert patch.status_code == 403
    rename = registry.post(
        "/api/v1/specialties/DZXX-01/names",
        json={"name_zh": "电子", "name_en": "Electronics", "reason": "x"},
        headers=committee,
    )
    assert rename.status_code == 403
    retire = registry.post(
        "/api/v1/specialties/DZXX-01/retirement",
        json={"retired_from": TODAY.isoformat(), "reason": "x"},
        headers=committee,
    )
    assert retire.status_code == 403 and retire.get_json()["title_zh"]
    assert registry.get(COMMITTEE, headers=committee).status_code == 200
    other = registry.get("/api/v1/committees/BJ-XNY-01", headers=committee)
    assert other.status_code == 403
    assert (
        registry.get(
            f"{COMMITTEE}/status-changes", headers=bearer(tokens["other_committee"])
        ).status_code
        == 403
    )


def rename(registry, token, name_zh, name_en, **extra):
    return registry.post(
        "/api/v1/specialties/DZXX-01/names",
        json={"name_zh": name_zh, "name_en": name_en, "reason": "Catalogue revision 2026", **extra},
        headers=bearer(token),
    )


def test_renaming_keeps_the_name_old_certificates_were_issued_with(registry_app, registry, tokens):
    old = title_held(registry_app, holder_id_number=id_number(1))
    at(registry_app, NOW + dt.timedelta(hours=1))  # the rename comes after that issuance
    renamed = rename(
        registry, tokens["bureau"], "电子信息工程技术", "Electronic information engineering"
    )
    assert renamed.status_code == 201, renamed.get_json()
    names = renamed.get_json()["names"]
    assert [n["name_zh"] for n in names] == ["电子信息技术", "电子信息工程技术"]
    assert names[0]["valid_to"] == (TODAY - DAY).isoformat() and names[1]["valid_to"] is None
    new = issued_after_notice(registry_app, registry, tokens["committee"], 2)
    reread = registry.get(f"/api/v1/certificates/{old.serial}", headers=bearer(tokens["bureau"]))
    assert reread.get_json()["specialty"]["name_zh"] == "电子信息技术"
    assert new["specialty"]["name_zh"] == "电子信息工程技术"

    again = rename(
        registry, tokens["bureau"], "电子信息工程技术", "Electronic information engineering"
    )
    assert again.status_code == 409
    future = rename(
        registry, tokens["bureau"], "电子", "Electronics", valid_from=(TODAY + DAY).isoformat()
    )
    assert future.status_code == 422 and future.get_json()["errors"][0]["field"] == "valid_from"


def test_retired_specialty_is_closed_to_new_certificates_only(registry_app, registry, tokens):
    old = title_held(registry_app, holder_id_number=id_number(1))
    retired = registry.post(
        "/api/v1/specialties/DZXX-01/retirement",
        json={"retired_from": TODAY.isoformat(), "reason": "Merged into 电子信息工程"},
        headers=bearer(tokens["bureau"]),
    )
    assert retired.status_code == 200, retired.get_json()
    assert retired.get_json()["valid_to"] == (TODAY - DAY).isoformat()
    error = refused_batch(registry_app, registry, tokens["committee"], 2)["specialty_code"]
    assert error["code"] == "specialty_retired" and "不可用于新发证书" in error["message_zh"]
    reread = registry.get(f"/api/v1/certificates/{old.serial}", headers=bearer(tokens["bureau"]))
    assert reread.get_json()["status"] == "valid"
    twice = registry.post(
        "/api/v1/specialties/DZXX-01/retirement",
        json={"retired_from": TODAY.isoformat(), "reason": "again"},
        headers=bearer(tokens["bureau"]),
    )
    assert twice.status_code == 409


def test_every_control_is_in_the_audit_trail_with_its_reason(registry_app, registry, tokens):
    decide(registry, tokens["bureau"], "suspend")
    registry.patch(
        COMMITTEE,
        json={"levels": ["engineer"], "reason": "Narrowed"},
        headers=bearer(tokens["bureau"]),
    )
    rename(registry, tokens["bureau"], "电子信息工程技术", "Electronic information engineering")
    registry.post(
        "/api/v1/specialties/XNY-01/retirement",
        json={"retired_from": TODAY.isoformat(), "reason": "Split in two"},
        headers=bearer(tokens["bureau"]),
    )
    with registry_app.extensions["registry"].sessions() as session:
        records = {r.action: r for r in search(session, AuditQuery(after_seq=0, limit=1000))}
    assert records["committee.suspend"].reason.startswith("suspend: repeated complaints")
    assert records["committee.authority"].reason == "Narrowed"
    assert records["specialty.rename"].reason == "Catalogue revision 2026"
    assert records["specialty.retire"].reason == "Split in two"
    assert records["committee.suspend"].actor.startswith("bureau:")
    assert records["specialty.retire"].object_id == "XNY-01"
