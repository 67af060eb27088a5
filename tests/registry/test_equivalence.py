"""The equivalence list: the bureau keeps it through the API, every change is a version,
and anyone reads it on verify as it stands or as it stood on any past date."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from registry.equivalence.services import add_entry, change_entry, retire_entry
from tests.factories import BUREAU, bearer
from tests.policy_text import CLAUSES

BASE = "/api/v1/equivalences"


def entry(code="JZS-1", **overrides) -> dict:
    return {
        "code": code,
        "name_zh": "建造师",
        "name_en": "Constructor",
        "awarding_body": "人力资源社会保障部、住房城乡建设部",
        "grade": "first_class",
        **overrides,
    }


def versions(registry, tokens) -> list[dict]:
    response = registry.get(f"{BASE}/versions", headers=bearer(tokens["committee"]))
    assert response.status_code == 200
    return response.json


def test_an_entry_without_a_level_gets_the_rules(registry, tokens):
    added = registry.post(BASE, json=entry(), headers=bearer(tokens["bureau"]))
    assert added.status_code == 201, added.json
    assert added.json["level"] == "engineer" and added.json["source"] == "rule"
    assert added.json["grade_zh"] == "一级" and added.json["provisional"] is False
    second = registry.post(
        BASE, json=entry("JZS-2", grade="second_class"), headers=bearer(tokens["bureau"])
    )
    assert second.json["level"] == "assistant_engineer"
    assert [v["action"] for v in versions(registry, tokens)] == ["add", "add"]


def test_an_exception_must_name_its_basis_and_nothing_is_written_otherwise(registry, tokens):
    refused = registry.post(
        BASE,
        json=entry("JZS-2", grade="second_class", level="technician"),
        headers=bearer(tokens["bureau"]),
    )
    assert refused.status_code == 422
    (error,) = refused.json["errors"]
    assert error["field"] == "basis" and error["code"] == "basis_required"
    assert "助理工程师" in error["message_zh"] and "document" in error["message"]
    assert versions(registry, tokens) == []
    basis = "京人社专技发〔2026〕1号"
    allowed = registry.post(
        BASE,
        json=entry("JZS-2", grade="second_class", level="technician", basis=basis),
        headers=bearer(tokens["bureau"]),
    )
    assert allowed.status_code == 201
    assert (allowed.json["level"], allowed.json["source"], allowed.json["basis"]) == (
        "technician",
        "exception",
        basis,
    )


def test_only_the_bureau_changes_the_list(registry, tokens):
    assert registry.post(BASE, json=entry(), headers=bearer(tokens["committee"])).status_code == 403
    assert registry.post(BASE, json=entry()).status_code == 401


def test_change_and_retire_make_new_versions_recorded_in_the_audit_trail(registry, tokens):
    auth = bearer(tokens["bureau"])
    registry.post(BASE, json=entry(), headers=auth)
    changed = registry.patch(
        f"{BASE}/JZS-1",
        json={"name_en": "Constructor (first class)", "reason": "译名"},
        headers=auth,
    )
    assert changed.status_code == 200 and changed.json["version_from"] == 2
    assert changed.json["level"] == "engineer"
    again = registry.patch(
        f"{BASE}/JZS-1", json={"name_en": "Constructor (first class)"}, headers=auth
    )
    assert again.status_code == 422 and again.json["errors"][0]["code"] == "no_change"
    retired = registry.post(f"{BASE}/JZS-1/retire", json={"reason": "国家取消"}, headers=auth)
    assert retired.status_code == 200 and retired.json["effective_to"] is not None
    assert registry.get(BASE, headers=auth).json["entries"] == []
    gone = registry.patch(f"{BASE}/JZS-1", json={"note": "x"}, headers=auth)
    assert gone.status_code == 404 and "现行清单" in gone.json["detail_zh"]
    trail = registry.get("/api/v1/audit", query_string={"object_type": "equivalence"}, headers=auth)
    records = trail.json["records"]
    assert [r["action"] for r in records] == [
        "equivalence.add",
        "equivalence.change",
        "equivalence.retire",
    ]
    assert records[1]["reason"] == "译名" and records[2]["detail"]["version"] == 3


def test_codes_and_qualifications_are_not_listed_twice_nor_history_rewritten(registry, tokens):
    auth = bearer(tokens["bureau"])
    registry.post(BASE, json=entry(), headers=auth)
    assert registry.post(BASE, json=entry(), headers=auth).status_code == 409
    twin = registry.post(BASE, json=entry("JZS-X", name_zh="注册建造师"), headers=auth)
    assert twin.status_code == 409 and "JZS-1" in twin.json["detail"]
    past = registry.post(
        BASE, json=entry("CHS", grade="ungraded", effective_from="2020-01-01"), headers=auth
    )
    assert past.status_code == 422
    assert past.json["errors"][0]["field"] == "effective_from"


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T09:00:00+00:00")


@pytest.fixture
def history(registry_app):
    """Four versions: JZS-1 added in January, CHS in March, JZS-1 made an exception in
    March too, CHS retired in June."""
    state = registry_app.extensions["registry"]
    steps = [
        (add_entry, (entry(),), "2026-01-05"),
        (
            add_entry,
            (entry("CHS", name_zh="注册测绘师", name_en="Surveyor", grade="ungraded"),),
            "2026-03-01",
        ),
        (
            change_entry,
            ("JZS-1", {"level": "senior_engineer", "basis": "某部令第1号"}),
            "2026-03-01",
        ),
        (retire_entry, ("CHS", {"reason": "合并"}), "2026-06-01"),
    ]
    for step, args, day in steps:
        with state.sessions() as session, session.begin():
            step(session, BUREAU, *args, _at(day))


def _listed(verify, **query) -> dict:
    response = verify.get(BASE, query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def test_the_list_as_it_stood_on_a_past_date_reads_back_on_verify(history, verify):
    assert _listed(verify, on="2026-01-04") | {"rule": None} == {
        "on": "2026-01-04",
        "version": None,
        "query": None,
        "rule": None,
        "notice": None,
        "entries": [],
    }
    january = _listed(verify, on="2026-02-28")
    assert january["version"]["number"] == 1
    assert [(e["code"], e["level"]) for e in january["entries"]] == [("JZS-1", "engineer")]
    march = _listed(verify, on="2026-05-31")
    assert march["version"]["number"] == 3
    assert [(e["code"], e["level"], e["source"]) for e in march["entries"]] == [
        ("CHS", "engineer", "rule"),
        ("JZS-1", "senior_engineer", "exception"),
    ]
    assert march["entries"][1]["basis"] == "某部令第1号"
    assert march["entries"][1]["holds_since"] == "2026-01-05"
    today = _listed(verify)
    assert [e["code"] for e in today["entries"]] == ["JZS-1"]
    at_two = _listed(verify, version=2)
    assert [(e["code"], e["level"]) for e in at_two["entries"]] == [
        ("CHS", "engineer"),
        ("JZS-1", "engineer"),
    ]
    assert verify.get(BASE, query_string={"version": 99}).status_code == 404


def test_the_list_on_a_date_reads_as_csv_too(history, verify, registry, tokens):
    response = verify.get(f"{BASE}.csv", query_string={"on": "2026-05-31"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["X-List-Version"] == "3"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(r["code"], r["title_zh"], r["provisional"]) for r in rows] == [
        ("CHS", "工程师", "False"),
        ("JZS-1", "高级工程师", "False"),
    ]
    on_registry = registry.get(
        BASE, query_string={"on": "2026-05-31"}, headers=bearer(tokens["bureau"])
    )
    assert [e["code"] for e in on_registry.json["entries"]] == ["CHS", "JZS-1"]


def test_bad_dates_are_refused_with_the_field_named(verify):
    response = verify.get(BASE, query_string={"on": "2026-13-01"})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "on"


@pytest.fixture
def starter(registry_app):
    result = registry_app.test_cli_runner().invoke(args=["equivalences", "load"])
    assert result.exit_code == 0, result.output
    assert "version 1: added 18 entries, provisional" in result.output
    again = registry_app.test_cli_runner().invoke(args=["equivalences", "load"])
    assert "nothing new" in again.output


VARIANTS = [
    ("一级注册建造师", ["JZS-1"]),
    ("建造师（壹级）", ["JZS-1"]),
    ("2级 建造师", ["JZS-2"]),
    ("建造师", ["JZS-1", "JZS-2"]),
    ("消防工程师 一级", ["XFGCS-1"]),
    ("注册测绘师", ["CHS"]),
    ("注册监理工程师", ["JLGCS"]),
    ("计算机技术与软件专业技术资格(高级)", ["RK-S"]),
    ("Cost engineer", ["ZJGCS-1", "ZJGCS-2"]),
    ("一级飞行员", []),
]


def test_anyone_looks_a_qualification_up_by_the_usual_variants(starter, verify):
    for typed, codes in VARIANTS:
        found = _listed(verify, q=typed)
        assert sorted(e["code"] for e in found["entries"]) == codes, typed
        assert found["query"] == typed
        assert (found["notice"] is not None) == bool(codes)
    best = _listed(verify, q="安全工程师")["entries"]
    assert {e["code"] for e in best} == {"AQGCS-M", "AQGCS-J"}


def test_the_starter_list_gets_its_levels_from_the_rule(starter, verify):
    levels = {e["code"]: e["level"] for e in _listed(verify)["entries"]}
    assert levels["JZS-1"] == levels["CHS"] == levels["RK-M"] == "engineer"
    assert levels["JZS-2"] == levels["AQGCS-J"] == "assistant_engineer"
    assert levels["RK-S"] == "senior_engineer"
    assert all(e["provisional"] for e in _listed(verify)["entries"])


def test_the_public_rule_quotes_the_policy_and_states_the_bureaus_choice_apart(verify):
    rule = _listed(verify)["rule"]
    assert rule["clause"] == "三(三)3"
    assert rule["policy"]["zh"] in CLAUSES["三(三)3"]
    assert rule["policy"]["zh"].startswith("其中，职业资格分级设置的")
    implementation = rule["implementation"]["zh"]
    assert "助理工程师" in implementation and implementation not in CLAUSES["三(三)3"]
    assert "not the policy's words" in rule["implementation"]["en"]
    # The joined text keeps the two apart, the policy's first and labelled as such.
    assert rule["zh"].index(rule["policy"]["zh"]) < rule["zh"].index(implementation)
    assert rule["zh"].startswith("政策原文")
