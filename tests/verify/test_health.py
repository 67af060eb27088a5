"""verify's health answer: alive, and warning the operators from 30 days before the
working-day calendar's last day on, read from the public projection the registry writes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import bearer, setup_registry
from verify import create_app
from verify.config import Settings

# 00:00 in Beijing on 1 December 2026: 30 days before the shipped calendar's last day.
THIRTY_DAYS_BEFORE = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    return {"now": THIRTY_DAYS_BEFORE}


@pytest.fixture
def health(database_url, clock):
    """GET /api/v1/health on a verify app whose clock the test sets (no cache: each answer
    reads the projection)."""
    settings = Settings(
        database_url=database_url,
        public_base_url="https://verify.example.gov.cn",
        key_cache_seconds=0,
    )
    app = create_app(settings, clock=lambda: clock["now"])
    client = app.test_client()

    def get() -> dict:
        response = client.get("/api/v1/health")
        assert response.status_code == 200
        return response.json

    yield get
    app.extensions["verify"].engine.dispose()


def test_no_warning_until_thirty_days_before_the_end(registry_app, health, clock):
    setup_registry(registry_app)
    clock["now"] = THIRTY_DAYS_BEFORE - dt.timedelta(seconds=1)  # 30 November, 23:59:59
    answer = health()
    assert answer == {
        "status": "ok",
        "calendar": {"covers_to": "2026-12-31", "days_left": 31},
        "warnings": [],
    }


def test_a_warning_thirty_days_before_the_end_and_none_once_a_year_is_added(
    registry_app, registry, health, clock
):
    tokens = setup_registry(registry_app)
    answer = health()
    assert answer["status"] == "ok" and answer["calendar"]["days_left"] == 30
    (warning,) = answer["warnings"]
    assert warning["code"] == "calendar_ending"
    assert "ends on 2026-12-31, in 30 days" in warning["message"]
    assert "工作日历将于 2026-12-31 结束（还剩 30 天）" in warning["message_zh"]
    clock["now"] = dt.datetime(2027, 1, 1, 0, 0, tzinfo=dt.UTC)  # 08:00 in Beijing
    (ended,) = health()["warnings"]
    assert ended["code"] == "calendar_ended" and "2027" in ended["message_zh"]
    year = {
        "year": 2027,
        "holidays": ["2027-01-01"],
        "workdays": [],
        "source": {"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "N"},
    }
    added = registry.post("/api/v1/calendar/years", json=year, headers=bearer(tokens["bureau"]))
    assert added.status_code == 201, added.json
    assert health() == {
        "status": "ok",
        "calendar": {"covers_to": "2027-12-31", "days_left": 364},
        "warnings": [],
    }


def test_an_empty_calendar_is_a_warning(health):
    answer = health()
    assert answer["calendar"] == {"covers_to": None, "days_left": None}
    assert [w["code"] for w in answer["warnings"]] == ["calendar_empty"]
