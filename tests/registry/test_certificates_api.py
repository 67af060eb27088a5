"""Certificates through the registry API, on SQLite and PostgreSQL: reading them back, and
the one issuance outside a results batch, the bureau's correction of a certificate issued in
error (titles from review come only from batches after their notice: test_batches)."""

import json

import pytest
import sqlalchemy as sa

from certs.credential.jose import b64url_decode
from registry.db import Base
from tests.batch_helpers import title_held
from tests.factories import ID_NUMBERS, bearer, issue_request


def table_snapshot(app) -> dict:
    """Every row of every table: a rejected request must leave this unchanged."""
    engine = app.extensions["registry"].engine
    with engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(sa.select(table)).all()))
            for table in Base.metadata.sorted_tables
        }


def correction(serial: str, **corrections) -> dict:
    return {
        "replaces": serial,
        "correction_number": "京人社职更〔2026〕3号",
        "reason": "姓名录入错误 (the name was mistyped)",
        "corrections": corrections or {"holder_name": "张珊"},
    }


def test_a_held_title_reads_back_in_full(registry_app, registry, tokens):
    serial = title_held(registry_app).serial
    response = registry.get(f"/api/v1/certificates/{serial}", headers=bearer(tokens["bureau"]))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["holder_name"] == "张三" and body["title_zh"] == "工程师"
    assert body["holder_id_number_masked"] == "110105********002X"
    assert body["status"] == "valid" and body["route"] == "regular" and body["replaces"] is None
    assert body["evaluation_method"] == "review"
    assert body["qr_text"].startswith("https://verify.example.gov.cn/v/ey")
    assert body["links"]["verify_page"].endswith("/c/" + body["serial"])
    assert "access_code" not in body  # shown once, at issuance only
    again = registry.get(
        f"/api/v1/certificates/{body['serial_display'].lower()}", headers=bearer(tokens["bureau"])
    )
    assert again.status_code == 200 and again.get_json() == body


def test_the_bureau_corrects_a_certificate_issued_in_error_in_one_step(
    registry_app, registry, tokens
):
    wrong = title_held(registry_app, holder_name="张山").serial
    response = registry.post(
        "/api/v1/certificates", json=correction(wrong), headers=bearer(tokens["bureau"])
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["holder_name"] == "张珊" and body["replaces"] == wrong
    assert body["serial"] != wrong and body["status"] == "valid"
    assert len(body.pop("access_code")) == 19  # the holder's new code, shown this once
    # The rest is the replaced certificate's: the same decision of the same committee.
    assert (body["decision_number"], body["decision_date"]) == (
        "京人社职评〔2026〕19号",
        "2026-11-20",
    )
    assert body["committee"]["code"] == "BJ-DZ-01" and body["level"] == "engineer"
    assert body["holder_id_number_masked"] == "110105********002X"
    old = registry.get(f"/api/v1/certificates/{wrong}", headers=bearer(tokens["bureau"]))
    assert old.get_json()["status"] == "revoked"
    [change] = registry.get(
        f"/api/v1/certificates/{wrong}/status-changes", headers=bearer(tokens["bureau"])
    ).get_json()
    assert (change["action"], change["reason"]) == ("revoke", "issued_in_error")
    assert change["decision_number"] == "京人社职更〔2026〕3号"
    assert change["note"] == "姓名录入错误 (the name was mistyped)"
    trail = registry.get("/api/v1/audit", headers=bearer(tokens["bureau"])).get_json()
    done = [
        (record["action"], record["object_id"], record["detail"].get("replaces"))
        for record in trail["records"]
        if record["action"] in ("certificate.revoke", "certificate.issue")
    ][-2:]
    assert done == [
        ("certificate.revoke", wrong, None),
        ("certificate.issue", body["serial"], wrong),
    ]


def test_a_committee_cannot_issue_or_correct_outside_a_batch(registry_app, registry, tokens):
    serial = title_held(registry_app).serial
    problem = _refused(registry_app, registry, correction(serial), bearer(tokens["committee"]), 403)
    assert problem["detail_zh"]
    # The old single issuance, evaluated title and all, is no longer a request there is.
    problem = _refused(registry_app, registry, issue_request(), bearer(tokens["bureau"]), 422)
    fields = {error["field"] for error in problem["errors"]}
    assert {"replaces", "correction_number", "reason", "corrections"} <= fields
    assert "holder_name" in fields  # not a field of this request


def test_credential_and_qr_downloads(registry_app, registry, tokens):
    serial = title_held(registry_app).serial
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


def test_id_numbers_are_stored_encrypted_with_a_keyed_hash(registry_app, tokens):
    title_held(registry_app, holder_id_number="110105491231002")
    snapshot = json.dumps(table_snapshot(registry_app), ensure_ascii=False)
    assert "11010519491231002X" not in snapshot and "110105491231002" not in snapshot
    engine = registry_app.extensions["registry"].engine
    with engine.connect() as connection:
        holder = connection.execute(sa.text("SELECT * FROM holders")).one()
    protector = registry_app.extensions["registry"].protector
    assert protector.decrypt(holder.id_number_encrypted) == "11010519491231002X"
    assert holder.id_number_hash == protector.lookup_hash("11010519491231002X")


def test_a_correction_to_the_legacy_number_of_a_holder_is_that_same_person(
    registry_app, registry, tokens
):
    title_held(registry_app)  # 张三, 11010519491231002X, 工程师
    other = title_held(registry_app, holder_id_number=ID_NUMBERS[1], holder_name="李四").serial
    response = registry.post(
        "/api/v1/certificates",
        json=correction(other, holder_id_number="110105491231002"),
        headers=bearer(tokens["bureau"]),
    )
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["title_zh"] == "与现有记录冲突"


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


@pytest.fixture
def held(registry_app, tokens) -> str:
    """张三's 工程师 title, from a batch after its notice: the certificate to correct."""
    return title_held(registry_app).serial


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"holder_id_number": "110105194912310021"}, "holder_id_number", "invalid_id_number"),
        ({"level": "chief_engineer"}, "level", "unknown_level"),
        ({"level": "senior_engineer_professor_grade"}, "level", "unknown_level"),
        ({"specialty_code": "NOPE-01"}, "specialty_code", "unknown_specialty"),
        ({"committee_code": "BJ-XNY-01"}, "committee_code", "unknown_field"),
        ({"evaluation_track": "lottery"}, "evaluation_track", "unknown_evaluation_track"),
        ({"decision_date": "30/06/2026"}, "decision_date", "invalid_date"),
        ({"decision_date": "2026-12-25"}, "decision_date", "in_future"),
        ({"holder_name": ""}, "holder_name", "invalid_length"),
        ({"surprise": 1}, "surprise", "unknown_field"),
        ({"level": "professorate_senior_engineer"}, "level", "outside_authority"),
        ({"specialty_code": "XNY-01"}, "specialty_code", "outside_authority"),
        ({"route": "direct_track"}, "route", "route_not_for_level"),
    ],
)
def test_bad_corrections_are_refused_with_field_and_reason_in_both_languages(
    registry_app, registry, tokens, held, change, field, code
):
    problem = _refused(
        registry_app, registry, correction(held, **change), bearer(tokens["bureau"]), 422
    )
    assert _field_error(problem, f"corrections.{field}")["code"] == code


def test_a_correction_must_correct_something(registry_app, registry, tokens, held):
    problem = _refused(
        registry_app,
        registry,
        correction(held, holder_name="张三", level="engineer"),
        bearer(tokens["bureau"]),
        422,
    )
    assert _field_error(problem, "corrections")["code"] == "nothing_corrected"


@pytest.mark.parametrize("missing", ["replaces", "correction_number", "reason", "corrections"])
def test_each_missing_field_is_named(registry_app, registry, tokens, held, missing):
    body = correction(held)
    del body[missing]
    problem = _refused(registry_app, registry, body, bearer(tokens["bureau"]), 422)
    assert _field_error(problem, missing)["code"] == "required"


def test_only_a_valid_certificate_is_corrected(registry_app, registry, tokens, held):
    unknown = _refused(
        registry_app,
        registry,
        correction("0000-0000-0000-0000"),
        bearer(tokens["bureau"]),
        404,
    )
    assert unknown["detail_zh"]
    mistyped = _refused(
        registry_app, registry, correction("0000-0000-0000-0001"), bearer(tokens["bureau"]), 422
    )
    assert _field_error(mistyped, "replaces")["code"] == "invalid_serial"
    first = registry.post(
        "/api/v1/certificates", json=correction(held), headers=bearer(tokens["bureau"])
    )
    assert first.status_code == 201
    again = _refused(registry_app, registry, correction(held), bearer(tokens["bureau"]), 409)
    assert "revoked" in again["detail"] and "已撤销" in again["detail_zh"]


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


def test_a_committee_token_cannot_read_another_committees_certificate(registry, tokens, held):
    serial = held
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


def test_a_correction_cannot_give_a_second_title_at_a_level_held(registry_app, registry, tokens):
    title_held(registry_app)  # 张三's 工程师
    senior = title_held(registry_app, level="senior_engineer").serial
    response = registry.post(
        "/api/v1/certificates",
        json=correction(senior, level="engineer"),
        headers=bearer(tokens["bureau"]),
    )
    assert response.status_code == 409, response.get_json()
    other = title_held(registry_app, holder_id_number=ID_NUMBERS[1], holder_name="李四").serial
    assert (
        registry.post(
            "/api/v1/certificates",
            json=correction(other, level="senior_engineer"),
            headers=bearer(tokens["bureau"]),
        ).status_code
        == 201
    )


def test_a_corrected_route_must_name_its_basis_and_the_credential_carries_it(
    registry_app, registry, tokens
):
    headers = bearer(tokens["bureau"])
    serial = title_held(registry_app, level="senior_engineer").serial
    exceptional = {"route": "exceptional", "route_ground": "provincial_science_award"}
    missing = registry.post(
        "/api/v1/certificates", json=correction(serial, **exceptional), headers=headers
    )
    assert missing.status_code == 422
    (error,) = missing.json["errors"]
    assert error["field"] == "corrections.route_basis" and "破格" in error["message_zh"]
    basis = "2024年度北京市科学技术奖二等奖（第二完成人）"
    issued = registry.post(
        "/api/v1/certificates",
        json=correction(serial, **exceptional, route_basis=basis),
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


def test_two_corrections_racing_for_one_certificate_give_one(registry_app, tokens, held):
    import concurrent.futures
    import threading

    barrier = threading.Barrier(2)

    def correct(name):
        client = registry_app.test_client()
        barrier.wait()
        return client.post(
            "/api/v1/certificates",
            json=correction(held, holder_name=name),
            headers=bearer(tokens["bureau"]),
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(correct, ["张珊", "张姗"]))
    assert statuses == [201, 409]
    engine = registry_app.extensions["registry"].engine
    with engine.connect() as connection:
        held_now = connection.execute(
            sa.text("SELECT count(*) FROM certificates WHERE status = 'valid'")
        ).scalar()
    assert held_now == 1
