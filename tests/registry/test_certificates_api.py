"""Issuing through the registry API, on SQLite and PostgreSQL."""

import json

import pytest
import sqlalchemy as sa

from certs.credential.jose import b64url_decode
from registry.db import Base
from tests.factories import ID_NUMBERS, bearer, issue_request


def table_snapshot(app) -> dict:
    """Every row of every table: a rejected request must leave this unchanged."""
    engine = app.extensions["registry"].engine
    with engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(sa.select(table)).all()))
            for table in Base.metadata.sorted_tables
        }


def test_bureau_issues_a_certificate_and_reads_it_back(registry, tokens):
    response = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["bureau"])
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["holder_name"] == "张三" and body["title_zh"] == "工程师"
    assert body["holder_id_number_masked"] == "110105********002X"
    assert body["status"] == "valid" and body["route"] == "regular"
    assert body["qr_text"].startswith("https://verify.example.gov.cn/v/ey")
    assert body["links"]["verify_page"].endswith("/c/" + body["serial"])
    assert len(body.pop("access_code")) == 19  # shown once, at issuance only
    again = registry.get(
        f"/api/v1/certificates/{body['serial_display'].lower()}", headers=bearer(tokens["bureau"])
    )
    assert again.status_code == 200 and again.get_json() == body


def test_credential_and_qr_downloads(registry, tokens):
    serial = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["committee"])
    ).get_json()["serial"]
    credential = registry.get(
        f"/api/v1/certificates/{serial}/credential", headers=bearer(tokens["committee"])
    )
    assert credential.status_code == 200 and credential.mimetype == "application/vc+jwt"
    payload = json.loads(b64url_decode(credential.get_data(as_text=True).split(".")[1]))
    assert payload["credentialSubject"]["serialNumber"] == serial
    png = registry.get(f"/api/v1/certificates/{serial}/qr.png", headers=bearer(tokens["bureau"]))
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    svg = registry.get(f"/api/v1/certificates/{serial}/qr.svg", headers=bearer(tokens["bureau"]))
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data


def test_id_numbers_are_stored_encrypted_with_a_keyed_hash(registry_app, registry, tokens):
    registry.post(
        "/api/v1/certificates",
        json=issue_request(holder_id_number="110105491231002"),
        headers=bearer(tokens["bureau"]),
    )
    snapshot = json.dumps(table_snapshot(registry_app), ensure_ascii=False)
    assert "11010519491231002X" not in snapshot and "110105491231002" not in snapshot
    engine = registry_app.extensions["registry"].engine
    with engine.connect() as connection:
        holder = connection.execute(sa.text("SELECT * FROM holders")).one()
    protector = registry_app.extensions["registry"].protector
    assert protector.decrypt(holder.id_number_encrypted) == "11010519491231002X"
    assert holder.id_number_hash == protector.lookup_hash("11010519491231002X")


def test_the_legacy_15_digit_number_is_the_same_person(registry, tokens):
    first = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["bureau"])
    )
    assert first.status_code == 201
    second = registry.post(
        "/api/v1/certificates",
        json=issue_request(holder_id_number="110105491231002"),
        headers=bearer(tokens["bureau"]),
    )
    assert second.status_code == 409
    assert second.get_json()["title_zh"] == "与现有记录冲突"


def _refused(app, client, body, headers, status):
    before = table_snapshot(app)
    response = client.post("/api/v1/certificates", json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem["title"] and problem["title_zh"]
    assert table_snapshot(app) == before, "a refused request changed the database"
    return problem


def _field_error(problem, field):
    errors = {e["field"]: e for e in problem["errors"]}
    assert field in errors, problem
    assert errors[field]["message"] and errors[field]["message_zh"]
    return errors[field]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"holder_id_number": "110105194912310021"}, "holder_id_number", "invalid_id_number"),
        ({"level": "chief_engineer"}, "level", "unknown_level"),
        ({"level": "senior_engineer_professor_grade"}, "level", "unknown_level"),
        ({"specialty_code": "NOPE-01"}, "specialty_code", "unknown_specialty"),
        ({"committee_code": "BJ-NOPE"}, "committee_code", "unknown_committee"),
        ({"evaluation_track": "lottery"}, "evaluation_track", "unknown_evaluation_track"),
        ({"decision_date": "30/06/2026"}, "decision_date", "invalid_date"),
        ({"holder_name": ""}, "holder_name", "invalid_length"),
        ({"surprise": 1}, "surprise", "unknown_field"),
        ({"level": "professorate_senior_engineer"}, "level", "outside_authority"),
        ({"specialty_code": "XNY-01"}, "specialty_code", "outside_authority"),
    ],
)
def test_bad_fields_are_refused_with_field_and_reason_in_both_languages(
    registry_app, registry, tokens, change, field, code
):
    problem = _refused(
        registry_app, registry, issue_request(**change), bearer(tokens["bureau"]), 422
    )
    assert _field_error(problem, field)["code"] == code


@pytest.mark.parametrize(
    "missing",
    [
        "holder_name",
        "holder_id_number",
        "level",
        "specialty_code",
        "committee_code",
        "decision_number",
        "decision_date",
        "evaluation_track",
    ],
)
def test_each_missing_field_is_named(registry_app, registry, tokens, missing):
    body = issue_request()
    del body[missing]
    problem = _refused(registry_app, registry, body, bearer(tokens["bureau"]), 422)
    assert _field_error(problem, missing)["code"] == "required"


def test_a_body_that_is_not_json_is_refused(registry_app, registry, tokens):
    before = table_snapshot(registry_app)
    response = registry.post(
        "/api/v1/certificates",
        data="{not json",
        headers={**bearer(tokens["bureau"]), "Content-Type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"
    assert table_snapshot(registry_app) == before


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer trk_wrong"}, {"Authorization": "Basic dXNlcjpwYXNz"}]
)
def test_a_missing_or_wrong_token_is_refused_before_anything_else(registry_app, registry, headers):
    problem = _refused(registry_app, registry, {"garbage": True}, headers, 401)
    assert problem["type"].endswith("unauthenticated")


def test_a_committee_token_cannot_issue_for_another_committee(registry_app, registry, tokens):
    problem = _refused(
        registry_app, registry, issue_request(), bearer(tokens["other_committee"]), 403
    )
    assert "committee" in problem["detail"] and problem["detail_zh"]


def test_a_committee_token_cannot_read_another_committees_certificate(registry, tokens):
    serial = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["committee"])
    ).get_json()["serial"]
    assert (
        registry.get(
            f"/api/v1/certificates/{serial}", headers=bearer(tokens["other_committee"])
        ).status_code
        == 404
    )
    assert (
        registry.get(
            f"/api/v1/certificates/{serial}", headers=bearer(tokens["committee"])
        ).status_code
        == 200
    )


def test_committee_tokens_cannot_manage_the_catalogue(registry, tokens):
    response = registry.post(
        "/api/v1/specialties",
        headers=bearer(tokens["committee"]),
        json={
            "code": "AI-01",
            "name_zh": "人工智能",
            "name_en": "AI",
            "field": "新技术",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 403


def test_malformed_and_unknown_serials(registry, tokens):
    malformed = registry.get("/api/v1/certificates/NOT-A-SERIAL", headers=bearer(tokens["bureau"]))
    assert malformed.status_code == 400
    assert malformed.get_json()["type"].endswith("invalid-serial")
    unknown = registry.get(
        "/api/v1/certificates/0000-0000-0000-0000", headers=bearer(tokens["bureau"])
    )
    assert unknown.status_code == 404


def test_bureau_creates_specialties_and_committees_and_duplicates_conflict(registry, tokens):
    specialty = {
        "code": "AI-01",
        "name_zh": "人工智能",
        "name_en": "Artificial intelligence",
        "field": "新技术",
        "valid_from": "2026-01-01",
    }
    assert (
        registry.post(
            "/api/v1/specialties", json=specialty, headers=bearer(tokens["bureau"])
        ).status_code
        == 201
    )
    assert (
        registry.post(
            "/api/v1/specialties", json=specialty, headers=bearer(tokens["bureau"])
        ).status_code
        == 409
    )
    committee = {
        "code": "BJ-AI-01",
        "name_zh": "人工智能评审委员会",
        "name_en": "AI committee",
        "organisation": "某服务中心",
        "filing_number": "京备1号",
        "levels": ["engineer"],
        "specialties": ["AI-01"],
        "valid_from": "2026-01-01",
    }
    created = registry.post("/api/v1/committees", json=committee, headers=bearer(tokens["bureau"]))
    assert created.status_code == 201 and created.get_json()["status"] == "active"
    listed = registry.get("/api/v1/committees", headers=bearer(tokens["bureau"])).get_json()
    assert "BJ-AI-01" in [c["code"] for c in listed]
    bad = registry.post(
        "/api/v1/committees",
        headers=bearer(tokens["bureau"]),
        json={**committee, "code": "BJ-AI-02", "specialties": ["NOPE"]},
    )
    assert bad.status_code == 422


def test_the_same_person_cannot_hold_two_valid_titles_at_one_level(registry, tokens):
    ok = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["bureau"])
    )
    assert ok.status_code == 201
    higher = registry.post(
        "/api/v1/certificates",
        json=issue_request(level="senior_engineer"),
        headers=bearer(tokens["bureau"]),
    )
    assert higher.status_code == 201
    other = registry.post(
        "/api/v1/certificates",
        json=issue_request(holder_id_number=ID_NUMBERS[1], holder_name="李四"),
        headers=bearer(tokens["bureau"]),
    )
    assert other.status_code == 201


def test_an_exceptional_route_must_name_its_basis_and_the_credential_carries_it(registry, tokens):
    headers = bearer(tokens["bureau"])
    exceptional = {
        "level": "senior_engineer",
        "route": "exceptional",
        "route_ground": "provincial_science_award",
    }
    missing = registry.post(
        "/api/v1/certificates", json=issue_request(**exceptional), headers=headers
    )
    assert missing.status_code == 422
    (error,) = missing.json["errors"]
    assert error["field"] == "route_basis" and "破格" in error["message_zh"]
    basis = "2024年度北京市科学技术奖二等奖（第二完成人）"
    issued = registry.post(
        "/api/v1/certificates",
        json=issue_request(**exceptional, route_basis=basis),
        headers=headers,
    )
    assert issued.status_code == 201, issued.json
    assert issued.json["route"] == "exceptional" and issued.json["route_basis"] == basis
    assert issued.json["route_ground"]["clause"] == "附件四(四)1"
    assert issued.json["route_ground"]["wording_zh"] == "获得省部级及以上科技奖项"
    credential = registry.get(issued.json["links"]["credential"], headers=headers).get_data(True)
    payload = json.loads(b64url_decode(credential.split(".")[1]))
    assert payload["credentialSubject"]["route"] == "exceptional"
    assert payload["credentialSubject"]["routeBasis"] == basis


def test_two_issuances_racing_for_one_new_person_give_one_title(registry_app, tokens):
    import concurrent.futures
    import threading

    barrier = threading.Barrier(2)

    def issue(_):
        client = registry_app.test_client()
        barrier.wait()
        return client.post(
            "/api/v1/certificates",
            json=issue_request(holder_id_number=ID_NUMBERS[3]),
            headers=bearer(tokens["bureau"]),
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(issue, range(2)))
    assert statuses == [201, 409]
    engine = registry_app.extensions["registry"].engine
    with engine.connect() as connection:
        held = connection.execute(sa.text("SELECT count(*) FROM certificates")).scalar()
    assert held == 1
