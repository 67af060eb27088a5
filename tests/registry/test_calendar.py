"""The working-day calendar: the bureau keeps it through the API and the CLI, every change
is in the audit trail, and public notices are counted with what the database holds."""

from __future__ import annotations

import datetime as dt
import json

from tests.factories import at, batch_row, bearer
from tests.registry.test_certificates_api import table_snapshot

CALENDAR = "/api/v1/calendar"
YEARS = f"{CALENDAR}/years"
# Monday 28 December 2026, 10:00 in Beijing: a five-day notice runs into 2027.
YEAR_END = dt.datetime(2026, 12, 28, 2, 0, tzinfo=dt.UTC)
# 1 December 2026 in Beijing (00:00): 30 days before the shipped calendar's last day.
THIRTY_DAYS_BEFORE = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)


def year_2027(**overrides) -> dict:
    """A made-up arrangement for 2027: New Year's Day off, Saturday 2 January worked."""
    return {
        "year": 2027,
        "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08"],
        "workdays": ["2027-01-02"],
        "source": {
            "title": "国务院办公厅关于2027年部分节假日安排的通知",
            "number": "国办发明电〔2026〕9号",
        },
        **overrides,
    }


def submit(registry, tokens):
    rows = {"rows": [batch_row(0)]}
    return registry.post("/api/v1/batches", json=rows, headers=bearer(tokens["committee"]))


def test_any_client_reads_the_calendar_with_its_sources(registry, tokens):
    shown = registry.get(CALENDAR, headers=bearer(tokens["committee"]))
    assert shown.status_code == 200
    assert shown.json["covers"] == {"from": "2025-01-01", "to": "2026-12-31"}
    assert shown.json["warning"] is None  # 26 November: 35 days left
    first, second = shown.json["years"]
    assert first["year"] == 2025 and first["source"]["number"] == "国办发明电〔2024〕12号"
    assert "2025-01-28" in first["holidays"] and "2025-01-26" in first["workdays"]
    assert second["source"]["title"] == "国务院办公厅关于2026年部分节假日安排的通知"
    one = registry.get(f"{YEARS}/2026", headers=bearer(tokens["committee"]))
    assert one.json == second
    assert registry.get(f"{YEARS}/2031", headers=bearer(tokens["bureau"])).status_code == 404
    assert registry.get(CALENDAR).status_code == 401


def test_the_next_year_added_through_the_api_counts_the_notice(registry_app, registry, tokens):
    at(registry_app, YEAR_END)
    refused = submit(registry, tokens)
    assert refused.status_code == 503 and refused.json["type"].endswith("calendar-not-covered")
    assert "2026-12-31" in refused.json["detail"] and "calendar add" in refused.json["detail"]
    assert "节假日安排" in refused.json["detail_zh"]
    added = registry.post(YEARS, json=year_2027(), headers=bearer(tokens["bureau"]))
    assert added.status_code == 201, added.json
    assert added.json["workdays"] == ["2027-01-02"] and added.json["corrected_at"] is None
    batch = submit(registry, tokens)
    assert batch.status_code == 201, batch.json
    # Tue 29, Wed 30, Thu 31 Dec; Fri 1 Jan off; Sat 2 Jan worked; Mon 4 Jan.
    notice = batch.json["notice"]
    assert (notice["starts"], notice["ends"]) == ("2026-12-29", "2027-01-04")
    assert notice["calendar_covers"]["to"] == "2027-12-31"
    assert (
        "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）"
        in (notice["calendar_covers"]["sources"])
    )
    shown = registry.get(CALENDAR, headers=bearer(tokens["committee"])).json
    assert shown["covers"]["to"] == "2027-12-31" and len(shown["years"]) == 3


def test_a_correction_changes_the_next_notice_and_is_audited(registry_app, registry, tokens):
    auth = bearer(tokens["bureau"])
    registry.post(YEARS, json=year_2027(), headers=auth)
    at(registry_app, YEAR_END)
    corrected = year_2027(workdays=[], reason="通知更正：1月2日不调休")
    del corrected["year"]
    response = registry.put(f"{YEARS}/2027", json=corrected, headers=auth)
    assert response.status_code == 200, response.json
    assert response.json["workdays"] == [] and response.json["corrected_at"]
    notice = submit(registry, tokens).json["notice"]
    assert notice["ends"] == "2027-01-05"  # Saturday 2 January is off again
    trail = registry.get(
        "/api/v1/audit", query_string={"object_type": "calendar_year"}, headers=auth
    )
    added, changed = trail.json["records"][-2:]
    assert (added["action"], added["object_id"]) == ("calendar.add_year", "2027")
    assert added["actor"].startswith("bureau:") and added["detail"]["workdays"] == ["2027-01-02"]
    assert changed["action"] == "calendar.correct_year" and changed["reason"].startswith("通知更正")
    assert changed["detail"]["before"]["workdays"] == ["2027-01-02"]
    assert changed["detail"]["after"]["workdays"] == []
    loaded = [r for r in trail.json["records"] if r["object_id"] in ("2025", "2026")]
    assert {r["reason"] for r in loaded} == {"loaded from holidays-cn.json"}


def test_malformed_and_overlapping_dates_are_refused_and_nothing_is_stored(
    registry_app, registry, tokens
):
    before = table_snapshot(registry_app)
    auth = bearer(tokens["bureau"])
    malformed = registry.post(
        YEARS, json=year_2027(holidays=["2027-01-01", "2027-02-30"]), headers=auth
    )
    assert malformed.status_code == 422
    (error,) = malformed.json["errors"]
    assert (error["field"], error["code"]) == ("holidays.1", "invalid_date")
    assert "YYYY-MM-DD" in error["message_zh"]
    overlapping = registry.post(
        YEARS,
        json=year_2027(
            workdays=["2027-02-06", "2027-02-10"], holidays=["2027-02-06", "2026-10-01"]
        ),
        headers=auth,
    )
    assert overlapping.status_code == 422
    errors = {(e["field"], e["code"]): e for e in overlapping.json["errors"]}
    assert set(errors) == {
        ("holidays.1", "outside_year"),
        ("workdays.0", "holiday_and_workday"),
        ("workdays.1", "not_a_weekend_day"),
    }
    both = errors["workdays.0", "holiday_and_workday"]
    assert "listed both as a holiday and as an adjusted working day" in both["message"]
    assert "既列为放假日又列为调休上班日" in both["message_zh"]
    weekday = errors["workdays.1", "not_a_weekend_day"]
    assert "Wednesday" in weekday["message"] and "周三" in weekday["message_zh"]
    assert "2026-10-01 不在 2027 年内" in errors["holidays.1", "outside_year"]["message_zh"]
    twice = registry.post(
        YEARS, json=year_2027(workdays=["2027-01-02", "2027-01-02"]), headers=auth
    )
    assert [(e["field"], e["code"]) for e in twice.json["errors"]] == [("workdays.1", "duplicate")]
    unsourced = registry.post(YEARS, json=year_2027(source={"title": "通知"}), headers=auth)
    (error,) = unsourced.json["errors"]
    assert (error["field"], error["code"]) == ("source.number", "number_or_url_required")
    assert "文号" in error["message_zh"]
    assert table_snapshot(registry_app) == before


def test_a_year_present_or_out_of_order_and_a_committee_token_are_refused(
    registry_app, registry, tokens
):
    before = table_snapshot(registry_app)
    auth = bearer(tokens["bureau"])
    present = registry.post(
        YEARS, json=year_2027(year=2026, holidays=["2026-01-01"], workdays=[]), headers=auth
    )
    assert present.status_code == 409
    assert "already holds 2026" in present.json["detail"]
    assert "已有 2026 年的安排" in present.json["detail_zh"]
    gap = registry.post(
        YEARS, json=year_2027(year=2028, holidays=["2028-01-01"], workdays=[]), headers=auth
    )
    assert gap.status_code == 422
    (error,) = gap.json["errors"]
    assert (error["field"], error["code"]) == ("year", "not_the_next_year")
    assert "2027" in error["message"] and "下一个应录入的是 2027 年" in error["message_zh"]
    committee = registry.post(YEARS, json=year_2027(), headers=bearer(tokens["committee"]))
    assert committee.status_code == 403 and committee.json["detail_zh"]
    correction = {**year_2027(reason="x")}
    del correction["year"]
    put = registry.put(f"{YEARS}/2026", json=correction, headers=bearer(tokens["committee"]))
    assert put.status_code == 403
    assert registry.post(YEARS, json=year_2027()).status_code == 401
    assert table_snapshot(registry_app) == before


def test_a_correction_never_changes_a_past_day_and_must_change_something(registry, tokens):
    auth = bearer(tokens["bureau"])
    shown = registry.get(f"{YEARS}/2026", headers=auth).json
    body = {"holidays": shown["holidays"], "workdays": shown["workdays"], "reason": "核对"}
    same = registry.put(f"{YEARS}/2026", json={**body, "source": shown["source"]}, headers=auth)
    assert same.status_code == 422 and same.json["errors"][0]["code"] == "no_change"
    source = {"title": shown["source"]["title"], "url": shown["source"]["url"]}
    past = [day for day in shown["holidays"] if day != "2026-10-01"]
    moved = registry.put(
        f"{YEARS}/2026", json={**body, "holidays": past, "source": source}, headers=auth
    )
    assert moved.status_code == 422
    (error,) = moved.json["errors"]
    assert (error["field"], error["code"]) == ("holidays", "past_day")
    assert (
        "2026-10-01" in error["message"]
        and "今天（2026-11-26）之前的日期不可更改" in (error["message_zh"])
    )
    future = [*shown["holidays"], "2026-12-31"]
    source["number"] = "国办发明电〔2025〕7号"
    fixed = registry.put(
        f"{YEARS}/2026", json={**body, "holidays": future, "source": source}, headers=auth
    )
    assert fixed.status_code == 200, fixed.json
    assert fixed.json["source"]["number"] == "国办发明电〔2025〕7号"
    assert fixed.json["holidays"][-1] == "2026-12-31"


# The operator's commands ---------------------------------------------------------------------
def test_the_operator_adds_a_year_and_shows_the_calendar(cli, registry, tokens):
    shown = cli("calendar", "show")
    assert "2025: 28 holidays, 5 adjusted working days" in shown
    assert "国办发明电〔2024〕12号" in shown and "covers 2025-01-01 to 2026-12-31" in shown
    added = cli(
        "calendar",
        "add",
        "2027",
        "--holidays",
        "2027-01-01, 2027-02-06..2027-02-08",
        "--workdays",
        "2027-01-02",
        "--source-title",
        "国务院办公厅关于2027年部分节假日安排的通知",
        "--source-url",
        "https://www.gov.cn/zhengce/content/2027-notice.htm",
    )
    assert added.startswith("added 2027: 4 holidays, 1 adjusted working days")
    year = registry.get(f"{YEARS}/2027", headers=bearer(tokens["committee"])).json
    assert year["holidays"] == ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08"]
    assert year["source"]["url"].startswith("https://www.gov.cn/")
    trail = registry.get(
        "/api/v1/audit",
        query_string={"action": "calendar.add_year"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert trail[-1]["object_id"] == "2027" and trail[-1]["actor"].startswith("operator:")
    assert "nothing new" in cli("calendar", "load")


def test_the_operator_is_refused_in_both_languages(registry_app, invoke, tokens):
    before = table_snapshot(registry_app)
    source = [
        "--source-title",
        "国务院办公厅关于2027年部分节假日安排的通知",
        "--source-number",
        "N",
    ]
    overlapping = invoke(
        "calendar", "add", "2027", "--holidays", "2027-01-01", "--workdays", "2027-01-01", *source
    )
    assert overlapping.exit_code == 1
    assert "workdays.0: 2027-01-01 is listed both as a holiday" in overlapping.stderr
    assert "既列为放假日又列为调休上班日" in overlapping.stderr
    present = invoke("calendar", "add", "2026", "--holidays", "2026-01-01", *source)
    assert present.exit_code == 1 and "已有 2026 年的安排" in present.stderr
    malformed = invoke("calendar", "add", "2027", "--holidays", "2027-02-30", *source)
    assert (
        malformed.exit_code == 2
        and "不是日期或日期范围（起..止）：'2027-02-30'" in malformed.stderr
    )
    unsourced = invoke("calendar", "add", "2027", "--holidays", "2027-01-01", *source[:2])
    assert unsourced.exit_code == 1 and "请填写通知的文号或发布网址" in unsourced.stderr
    assert table_snapshot(registry_app) == before


def test_the_operator_is_warned_from_thirty_days_before_the_end(
    registry_app, invoke, tokens, tmp_path
):
    at(registry_app, THIRTY_DAYS_BEFORE - dt.timedelta(seconds=1))  # 30 November: 31 days
    quiet = invoke("calendar", "show")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    at(registry_app, THIRTY_DAYS_BEFORE)
    warned = invoke("calendar", "show")
    assert warned.exit_code == 0
    assert "warning: The working-day calendar ends on 2026-12-31, in 30 days" in warned.stderr
    assert "警告：工作日历将于 2026-12-31 结束（还剩 30 天）" in warned.stderr
    assert "calendar add" in warned.stderr
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"rows": [batch_row(0)]}, ensure_ascii=False), encoding="utf-8")
    submitted = invoke("batches", "submit", str(results), "--committee", "BJ-DZ-01")
    assert submitted.exit_code == 0 and "1 people on notice" in submitted.stdout
    assert "还剩 30 天" in submitted.stderr


def test_a_file_that_is_not_a_calendar_loads_nothing(registry_app, invoke, tokens, tmp_path):
    before = table_snapshot(registry_app)
    unsourced = tmp_path / "unsourced.json"
    year = {"year": 2027, "holidays": ["2027-01-01"], "workdays": [], "source": {"title": "通知"}}
    unsourced.write_text(json.dumps({"years": [year]}), encoding="utf-8")
    refused = invoke("calendar", "load", "--file", str(unsourced))
    assert refused.exit_code == 1
    assert "years.0.source.number" in refused.stderr and "文号或发布网址" in refused.stderr
    old_shape = tmp_path / "old.json"
    old_shape.write_text(json.dumps({"covers": {}, "holidays": []}), encoding="utf-8")
    refused = invoke("calendar", "load", "--file", str(old_shape))
    assert refused.exit_code == 1 and "不是工作日历文件" in refused.stderr
    assert table_snapshot(registry_app) == before
