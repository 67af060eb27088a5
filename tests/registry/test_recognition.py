"""Recognition (认定): a title certificate for a qualification on the list, issued by the
bureau under a committee's authority, that verifies like any other."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from certs.credential.jose import b64url_decode
from registry.certificates.models import Certificate, Holder
from registry.equivalence.models import Recognition
from registry.equivalence.services import add_entry
from tests.factories import BUREAU, bearer, id_number, setup_registry
from tests.registry.test_certificates_api import table_snapshot
from tests.registry.test_equivalence import entry

URL = "/api/v1/recognitions"


@pytest.fixture
def tokens(registry_app):
    tokens = setup_registry(registry_app)
    state, now = registry_app.extensions["registry"], dt.datetime.now(dt.UTC)
    with state.sessions() as session, session.begin():
        add_entry(
            session,
            BUREAU,
            entry("RK-M", name_zh="计算机技术与软件专业技术资格", grade="intermediate"),
            now,
        )
        add_entry(session, BUREAU, entry("JZS-1", provisional=True), now)
        add_entry(
            session,
            BUREAU,
            entry(
                "RK-J",
                name_zh="计算机技术与软件专业技术资格",
                grade="junior",
                level="technician",
                basis="某文件第2号",
            ),
            now,
        )
    return tokens


def recognition(**overrides) -> dict:
    """What the bureau sends to recognise 钱七's qualification under BJ-DZ-01."""
    return {
        "holder_name": "钱七",
        "holder_id_number": id_number(7),
        "equivalence_code": "RK-M",
        "qualification_grade": "intermediate",
        "qualification_number": "2025-0123-4567",
        "qualification_date": "2025-12-20",
        "specialty_code": "DZXX-01",
        "decision_number": "京人社职认〔2026〕5号",
        "decision_date": "2026-11-20",
        "committee_code": "BJ-DZ-01",
        **overrides,
    }


def no_committee() -> dict:
    """The recognition without a committee named."""
    body = recognition()
    del body["committee_code"]
    return body


def test_the_bureau_recognises_a_qualification_and_the_title_verifies(registry, verify, tokens):
    response = registry.post(URL, json=recognition(), headers=bearer(tokens["bureau"]))
    assert response.status_code == 201, response.json
    certificate = response.json["certificate"]
    assert certificate["level"] == "engineer" and certificate["committee"]["code"] == "BJ-DZ-01"
    assert certificate["route"] == "qualification_equivalence"
    assert "计算机技术与软件专业技术资格（中级）" in certificate["route_basis"]
    assert "2025-0123-4567" in certificate["route_basis"]
    assert response.json["qualification"]["equivalence_version"] == 3
    token = registry.get(
        certificate["links"]["credential"], headers=bearer(tokens["committee"])
    ).get_data(as_text=True)
    subject = json.loads(b64url_decode(token.split(".")[1]))["credentialSubject"]
    assert subject["route"] == "qualification_equivalence"
    assert "2025-0123-4567" in subject["routeBasis"]
    checked = verify.get(f"/api/v1/certificates/{certificate['serial']}")
    assert checked.status_code == 200 and checked.json["result"] == "valid"
    assert checked.json["masked_name"] == "钱*" and checked.json["title_zh"] == "工程师"
    assert checked.json["route"]["code"] == "qualification_equivalence"
    page = verify.get(f"/c/{certificate['serial']}").get_data(as_text=True)
    assert "职业资格对应" in page  # the page says how the title was obtained
    by_token = verify.post("/api/v1/verify", json={"token": token})
    assert by_token.json["result"] == "valid"
    trail = registry.get(
        "/api/v1/audit",
        query_string={"action": "certificate.recognise"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert [r["object_id"] for r in trail] == [certificate["serial"]]
    assert trail[0]["detail"]["equivalence_code"] == "RK-M"
    assert id_number(7) not in json.dumps(trail)


def test_an_exception_entrys_level_is_held_to_the_committees_authority(registry, tokens):
    response = registry.post(
        URL,
        json=recognition(equivalence_code="RK-J", qualification_grade="junior"),
        headers=bearer(tokens["bureau"]),
    )
    # BJ-DZ-01 may not award 技术员: the committee's authority still decides.
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json["errors"]] == [
        ("level", "outside_authority")
    ]


@pytest.mark.parametrize(
    ("decided", "expected"),
    [("2099-12-31", "in_future"), ("2025-12-31", "outside_authority_period")],
)
def test_a_recognition_is_held_to_the_rules_of_decision_dates(
    registry_app, registry, tokens, decided, expected
):
    before = table_snapshot(registry_app)
    response = registry.post(
        URL, json=recognition(decision_date=decided), headers=bearer(tokens["bureau"])
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json["errors"]] == [
        ("decision_date", expected)
    ]
    assert table_snapshot(registry_app) == before


def test_the_bureau_must_name_a_committee_whose_authority_covers_the_title(registry, tokens):
    auth = bearer(tokens["bureau"])
    unnamed = registry.post(URL, json=no_committee(), headers=auth)
    assert unnamed.status_code == 422
    (error,) = unnamed.json["errors"]
    assert (error["field"], error["code"]) == ("committee_code", "committee_required")
    assert "评审委员会" in error["message_zh"]
    wrong = registry.post(URL, json=recognition(committee_code="BJ-XNY-01"), headers=auth)
    assert wrong.status_code == 422
    assert ("specialty_code", "outside_authority") in [
        (e["field"], e["code"]) for e in wrong.json["errors"]
    ]
    right = registry.post(URL, json=recognition(committee_code="BJ-DZ-01"), headers=auth)
    assert right.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"qualification_grade": "junior"}, "qualification_grade", "grade_mismatch"),
        (
            {"equivalence_code": "JZS-1", "qualification_grade": "first_class"},
            "equivalence_code",
            "entry_provisional",
        ),
        ({"equivalence_code": "NOPE"}, "equivalence_code", "not_on_list"),
        ({"qualification_date": "2999-01-01"}, "qualification_date", "in_future"),
        ({"level": "engineer"}, "level", "unknown_field"),
    ],
)
def test_a_recognition_that_does_not_hold_is_refused_and_nothing_is_written(
    registry, tokens, database_url, overrides, field, code
):
    response = registry.post(URL, json=recognition(**overrides), headers=bearer(tokens["bureau"]))
    assert response.status_code == 422
    assert (field, code) in [(e["field"], e["code"]) for e in response.json["errors"]]
    assert all(e["message"] and e["message_zh"] for e in response.json["errors"])
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        counts = [
            connection.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
            for model in (Certificate, Recognition, Holder)
        ]
    engine.dispose()
    assert counts == [0, 0, 0]


def test_a_qualification_certificate_is_recognised_once(registry, tokens):
    auth = bearer(tokens["bureau"])
    assert registry.post(URL, json=recognition(), headers=auth).status_code == 201
    again = registry.post(URL, json=recognition(holder_id_number=id_number(8)), headers=auth)
    assert again.status_code == 409 and "已办理过" in again.json["detail_zh"]


def test_a_committee_token_cannot_recognise_and_nothing_is_written(registry_app, registry, tokens):
    """认定 is the bureau's: a committee's titles are review results, on notice in a batch."""
    before = table_snapshot(registry_app)
    for token, body in (
        (tokens["committee"], recognition()),  # its own committee
        (tokens["committee"], no_committee()),
        (tokens["other_committee"], recognition()),
    ):
        response = registry.post(URL, json=body, headers=bearer(token))
        assert response.status_code == 403, response.json
        assert response.json["title_zh"] and response.json["detail_zh"]
    assert table_snapshot(registry_app) == before
