"""Orders to rectify (责令限期整改, 三(四)4) on verify's committee pages and JSON, as the
registry records them: the decision, its deadline, how it ended, and an overdue order shown
as overdue; on a fixed clock for both services."""

import dataclasses
import datetime as dt

import pytest

from certs.dates import beijing_date
from tests.factories import NOW, at, bearer, setup_registry

TODAY = beijing_date(NOW)
DAY = dt.timedelta(days=1)
ORDERS = "/api/v1/committees/BJ-DZ-01/rectification-orders"
REASON = "内部核查：专家组长反映答辩记录缺失"


@pytest.fixture
def tokens(registry_app):
    at(registry_app, NOW)
    return setup_registry(registry_app)


def verify_on(verify_app, day: dt.date) -> None:
    """verify's clock at noon in Beijing on ``day``."""
    moment = dt.datetime.combine(day, dt.time(4), tzinfo=dt.UTC)
    state = verify_app.extensions["verify"]
    verify_app.extensions["verify"] = dataclasses.replace(state, clock=lambda: moment)


def make_order(registry, tokens, deadline=TODAY + 30 * DAY) -> dict:
    response = registry.post(
        ORDERS,
        json={
            "decision_number": "京人社职字〔2026〕30号",
            "decision_date": TODAY.isoformat(),
            "deadline": deadline.isoformat(),
            "grounds": ["irregular_procedure"],
            "reason": REASON,
        },
        headers=bearer(tokens["bureau"]),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_verify_shows_an_open_order_with_its_deadline(registry, verify, verify_app, tokens):
    make_order(registry, tokens)
    verify_on(verify_app, TODAY)
    response = verify.get("/api/v1/committees/BJ-DZ-01")
    body = response.get_json()
    assert body["status"] == "active" and body["may_issue"] is True
    shown = body["open_rectification_order"]
    assert shown["decision_number"] == "京人社职字〔2026〕30号"
    assert shown["decision_date"] == TODAY.isoformat()
    assert shown["deadline"] == (TODAY + 30 * DAY).isoformat()
    assert shown["standing"] == "open" and shown["overdue"] is False
    assert shown["standing_zh"] == "限期整改中"
    assert shown["grounds"] == [
        {
            "code": "irregular_procedure",
            "name_zh": "程序不规范",
            "name_en": "irregular review procedure",
        }
    ]
    assert body["rectification_orders"] == [shown]
    assert REASON not in response.get_data(as_text=True), "internal reasons stay private"

    html = verify.get("/committees/BJ-DZ-01").get_data(as_text=True)
    assert "限期整改中" in html and "整改期限至 2026-12-26" in html
    assert "京人社职字〔2026〕30号" in html and "不属于暂停评审工作" in html
    assert "逾期" not in html and REASON not in html
    listing = verify.get("/committees").get_data(as_text=True)
    assert "限期整改中" in listing
    other = verify.get("/api/v1/committees/BJ-XNY-01").get_json()
    assert other["open_rectification_order"] is None and other["rectification_orders"] == []


def test_an_order_past_its_deadline_shows_as_overdue(registry, verify, verify_app, tokens):
    make_order(registry, tokens, deadline=TODAY + 10 * DAY)
    verify_on(verify_app, TODAY + 10 * DAY)
    on_the_deadline = verify.get("/api/v1/committees/BJ-DZ-01").get_json()
    assert on_the_deadline["open_rectification_order"]["standing"] == "open"

    verify_on(verify_app, TODAY + 11 * DAY)
    body = verify.get("/api/v1/committees/BJ-DZ-01").get_json()
    shown = body["open_rectification_order"]
    assert shown["standing"] == "overdue" and shown["overdue"] is True
    assert shown["standing_zh"] == "逾期未整改"
    assert body["status"] == "active" and body["may_issue"] is True
    html = verify.get("/committees/BJ-DZ-01").get_data(as_text=True)
    assert "逾期未整改" in html and "整改期限已过" in html
    listing = verify.get("/committees").get_data(as_text=True)
    assert '<span class="bad">逾期未整改</span>' in listing


def test_verify_shows_how_an_order_ended(registry_app, registry, verify, verify_app, tokens):
    first = make_order(registry, tokens, deadline=TODAY + 10 * DAY)
    at(registry_app, NOW + 5 * DAY)
    closed = registry.post(
        f"{ORDERS}/{first['id']}/closure",
        json={
            "decision_number": "京人社职字〔2026〕41号",
            "decision_date": (TODAY + 5 * DAY).isoformat(),
            "reason": "整改报告已审核",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert closed.status_code == 200, closed.get_json()
    verify_on(verify_app, TODAY + 20 * DAY)
    body = verify.get("/api/v1/committees/BJ-DZ-01").get_json()
    assert body["open_rectification_order"] is None
    [ended] = body["rectification_orders"]
    assert ended["standing"] == "rectified" and ended["overdue"] is False
    assert ended["closed_on"] == (TODAY + 5 * DAY).isoformat()
    assert ended["closing_decision_number"] == "京人社职字〔2026〕41号"
    html = verify.get("/committees/BJ-DZ-01").get_data(as_text=True)
    assert "已完成整改" in html and "京人社职字〔2026〕41号" in html and "逾期" not in html


def test_an_escalated_order_shows_beside_the_suspension(
    registry_app, registry, verify, verify_app, tokens
):
    order = make_order(registry, tokens, deadline=TODAY + 10 * DAY)
    at(registry_app, NOW + 12 * DAY)
    escalated = registry.post(
        f"{ORDERS}/{order['id']}/escalation",
        json={
            "decision_number": "京人社职字〔2026〕45号",
            "effective_date": (TODAY + 12 * DAY).isoformat(),
            "reason": "逾期不予整改",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert escalated.status_code == 200, escalated.get_json()
    verify_on(verify_app, TODAY + 12 * DAY)
    body = verify.get("/api/v1/committees/BJ-DZ-01").get_json()
    assert body["status"] == "suspended" and body["may_issue"] is False
    assert body["status_decision_number"] == "京人社职字〔2026〕45号"
    assert body["open_rectification_order"] is None
    [ended] = body["rectification_orders"]
    assert ended["standing"] == "escalated" and ended["overdue"] is False
    assert ended["standing_zh"] == "整改未果，暂停评审工作"
    html = verify.get("/committees/BJ-DZ-01").get_data(as_text=True)
    assert "整改未果，暂停评审工作" in html and "逾期不予整改" not in html
