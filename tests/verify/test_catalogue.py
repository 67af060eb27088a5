"""The public record of committees and the catalogue on verify, as the registry writes it,
on both databases."""

import datetime as dt

import pytest

from certs.dates import beijing_date
from tests.batch_helpers import title_held
from tests.factories import batch_row, bearer, setup_registry
from verify import create_app as create_verify
from verify.config import Settings as VerifySettings

TODAY = beijing_date(dt.datetime.now(dt.UTC))
DAY = dt.timedelta(days=1)
REASON = "内部调查：多次被投诉评审程序不规范"


@pytest.fixture
def tokens(registry_app):
    return setup_registry(registry_app)


def decide(registry, tokens, action, effective):
    response = registry.post(
        "/api/v1/committees/BJ-DZ-01/status-changes",
        json={
            "action": action,
            "reason": REASON,
            "decision_number": f"京人社职字〔2026〕{len(action)}号",
            "effective_date": effective.isoformat(),
        },
        headers=bearer(tokens["bureau"]),
    )
    assert response.status_code == 201, response.get_json()


def test_verify_shows_a_committees_authority_and_status_in_force_today(registry, verify, tokens):
    active = verify.get("/api/v1/committees/BJ-DZ-01").get_json()
    assert active["status"] == "active" and active["may_issue"] is True
    assert active["filing_number"] == "京人社职备〔2026〕3号"
    assert active["organisation"] == "北京市职称评审服务中心"
    assert [s["name_zh"] for s in active["specialties"]] == ["电子信息技术"]
    assert {level["name_zh"] for level in active["levels"]} == {
        "助理工程师",
        "工程师",
        "高级工程师",
    }

    decide(registry, tokens, "suspend", TODAY - DAY)
    decide(registry, tokens, "reinstate", TODAY + 30 * DAY)
    response = verify.get("/api/v1/committees/BJ-DZ-01")
    body = response.get_json()
    assert body["status"] == "suspended" and body["status_zh"] == "暂停评审工作"
    assert body["may_issue"] is False
    assert body["status_since"] == (TODAY - DAY).isoformat()
    assert body["status_decision_number"] == "京人社职字〔2026〕7号"
    assert [(d["action"], d["in_effect"]) for d in body["decisions"]] == [
        ("suspend", True),
        ("reinstate", False),
    ]
    assert REASON not in response.get_data(as_text=True), "internal reasons stay private"
    listed = verify.get("/api/v1/committees").get_json()
    assert [c["code"] for c in listed] == ["BJ-DZ-01", "BJ-XNY-01"]
    assert listed[1]["status"] == "active"

    page = verify.get("/committees/BJ-DZ-01")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "暂停评审工作" in html and "京人社职备〔2026〕3号" in html and "尚未生效" in html
    assert REASON not in html
    listing = verify.get("/committees").get_data(as_text=True)
    assert 'href="/committees/BJ-XNY-01"' in listing and "暂停评审工作" in listing


def test_verify_takes_today_from_the_clock_it_is_handed(registry, verify, tokens, database_url):
    decide(registry, tokens, "suspend", TODAY + 10 * DAY)
    assert verify.get("/api/v1/committees/BJ-DZ-01").get_json()["status"] == "active"
    noon_that_day_in_beijing = dt.datetime.combine(TODAY + 10 * DAY, dt.time(4), tzinfo=dt.UTC)
    later = create_verify(
        VerifySettings(database_url, "https://verify.example.gov.cn"),
        clock=lambda: noon_that_day_in_beijing,
    )
    try:
        body = later.test_client().get("/api/v1/committees/BJ-DZ-01").get_json()
    finally:
        later.extensions["verify"].engine.dispose()
    assert body["status"] == "suspended" and body["may_issue"] is False
    assert [(d["action"], d["in_effect"]) for d in body["decisions"]] == [("suspend", True)]


def test_unknown_committee_or_specialty_is_a_bilingual_404(verify, tokens):
    for path in ("/api/v1/committees/NOPE", "/api/v1/specialties/NOPE"):
        response = verify.get(path)
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
        assert response.get_json()["detail_zh"] and response.get_json()["detail"]
    page = verify.get("/committees/NOPE")
    assert page.status_code == 404 and "没有此代码的评审委员会" in page.get_data(as_text=True)


def test_verify_shows_specialty_history_and_certificates_keep_their_name(
    registry_app, registry, verify, tokens
):
    serial = title_held(registry_app).serial  # issued 2026-11-26, before the rename
    renamed = registry.post(
        "/api/v1/specialties/DZXX-01/names",
        json={
            "name_zh": "电子信息工程技术",
            "name_en": "Electronic information engineering",
            "valid_from": (TODAY - 2 * DAY).isoformat(),
            "reason": "目录调整",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert renamed.status_code == 201, renamed.get_json()
    retired = registry.post(
        "/api/v1/specialties/DZXX-01/retirement",
        json={"retired_from": TODAY.isoformat(), "reason": "并入新专业"},
        headers=bearer(tokens["bureau"]),
    )
    assert retired.status_code == 200

    specialty = verify.get("/api/v1/specialties/DZXX-01").get_json()
    assert specialty["name_zh"] == "电子信息工程技术" and specialty["open"] is False
    assert specialty["valid_to"] == (TODAY - DAY).isoformat()
    assert [(n["name_zh"], n["valid_from"], n["valid_to"]) for n in specialty["names"]] == [
        ("电子信息技术", "2021-01-01", (TODAY - 3 * DAY).isoformat()),
        ("电子信息工程技术", (TODAY - 2 * DAY).isoformat(), None),
    ]
    assert [s["code"] for s in verify.get("/api/v1/specialties").get_json()] == [
        "DZXX-01",
        "XNY-01",
    ]
    certificate = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert certificate["result"] == "valid"
    assert certificate["specialty"]["name_zh"] == "电子信息技术"

    page = verify.get(f"/c/{serial}").get_data(as_text=True)
    assert 'href="/committees/BJ-DZ-01"' in page and 'href="/specialties/DZXX-01"' in page
    history = verify.get("/specialties/DZXX-01").get_data(as_text=True)
    assert "电子信息技术" in history and "电子信息工程技术" in history and "已停用" in history
    catalogue = verify.get("/specialties").get_data(as_text=True)
    assert 'href="/specialties/XNY-01"' in catalogue and "已停用" in catalogue


def test_authority_changes_reach_verify_in_the_same_transaction(registry, verify, tokens):
    changed = registry.patch(
        "/api/v1/committees/BJ-DZ-01",
        json={
            "levels": ["engineer"],
            "specialties": ["DZXX-01", "XNY-01"],
            "valid_to": "2030-12-31",
            "reason": "Authority renewed",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert changed.status_code == 200
    body = verify.get("/api/v1/committees/BJ-DZ-01").get_json()
    assert [level["code"] for level in body["levels"]] == ["engineer"]
    assert [s["code"] for s in body["specialties"]] == ["DZXX-01", "XNY-01"]
    assert body["valid_to"] == "2030-12-31"
    # The committee's results at the level it no longer holds are refused from today.
    refused = registry.post(
        "/api/v1/batches",
        json={"rows": [batch_row(3, level="senior_engineer")]},
        headers=bearer(tokens["committee"]),
    )
    assert refused.status_code == 422
    assert [(e["row"], e["field"], e["code"]) for e in refused.get_json()["errors"]] == [
        (1, "level", "outside_authority")
    ]
