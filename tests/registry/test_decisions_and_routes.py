"""Decision dates and routes, as the registry holds every issuance to them (a results batch,
and the bureau's correction of a certificate issued in error): a decision taken (not dated
after today), by a committee with its authority on the meeting and decision dates, after the
public notice; 直通车 to 正高级工程师 alone and 破格 to the 高级 titles, each on a ground the
policy names; 技工院校 as an education, not a route."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from certs.levels import ISSUABLE_CODES
from registry.batches.models import BatchRow, ResultBatch
from registry.committees.services import create_committee, create_specialty
from tests.batch_helpers import title_held
from tests.factories import (
    BUREAU,
    NOW,
    at,
    batch_row,
    bearer,
    committee_data,
    id_number,
    specialty_data,
)
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit
from tests.registry.test_certificates_api import table_snapshot
from tests.registry.test_governance import TODAY, decide

CITES = re.compile(r"(附件)?[一二三四五]\([一二三四五]\)")
# A committee filed in 2010 for every issuable level, in a specialty catalogued in 2000:
# only the rule a test is about can refuse a decision of long ago.
WIDE = {"committee_code": "BJ-JX-01", "specialty_code": "JX-01"}


@pytest.fixture
def wide(registry_app, tokens):
    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        create_specialty(
            session,
            BUREAU,
            specialty_data(
                "JX-01",
                name_zh="机械工程",
                name_en="Mechanical engineering",
                field="机械",
                valid_from=dt.date(2000, 1, 1),
            ),
            NOW,
        )
        create_committee(
            session,
            BUREAU,
            committee_data(
                "BJ-JX-01",
                name_zh="北京市机械工程专业评审委员会",
                levels=list(ISSUABLE_CODES),
                specialties=["JX-01"],
                valid_from=dt.date(2010, 1, 1),
            ),
            NOW,
        )
    return tokens


def held(registry_app, index: int, committee: str) -> str:
    """Person ``index``'s 工程师 of the committee (BJ-DZ-01 unless ``WIDE``), reviewed on 5
    November, on notice 11-17 November and decided on 20 November: its serial."""
    specialty = "JX-01" if committee == WIDE["committee_code"] else "DZXX-01"
    return title_held(
        registry_app,
        holder_id_number=id_number(index),
        committee_code=committee,
        specialty_code=specialty,
    ).serial


def correct(registry, tokens, serial: str, overrides: dict):
    """The bureau's correction of the title to the facts given (the committee is the title's).
    The name is always corrected, so that a correction of nothing else still corrects
    something."""
    corrections = {"holder_name": "张叁", **overrides}
    corrections.pop("committee_code", None)
    given = {name: value for name, value in corrections.items() if value is not None}
    return registry.post(
        "/api/v1/certificates",
        json={
            "replaces": serial,
            "correction_number": "京人社职更〔2026〕7号",
            "reason": "录入错误",
            "corrections": given,
        },
        headers=bearer(tokens["bureau"]),
    )


def issue(registry_app, registry, tokens, index=0, **overrides):
    """Person ``index``'s title (``held``), corrected to the facts given."""
    serial = held(registry_app, index, overrides.get("committee_code", "BJ-DZ-01"))
    return correct(registry, tokens, serial, overrides)


def refused(registry_app, registry, tokens, index=99, **overrides) -> list[tuple]:
    """A refused correction: 422, nothing stored by it, each reason in both languages citing
    its clause and named under ``corrections``; the (field, code) of each."""
    serial = held(registry_app, index, overrides.get("committee_code", "BJ-DZ-01"))
    before = table_snapshot(registry_app)
    response = correct(registry, tokens, serial, overrides)
    assert response.status_code == 422, response.json
    assert table_snapshot(registry_app) == before
    found = []
    for error in response.json["errors"]:
        assert CITES.search(error["message"]) and CITES.search(error["message_zh"]), error
        assert error["field"].startswith("corrections."), error
        found.append((error["field"].removeprefix("corrections."), error["code"]))
    return found


# A correction (re-issue after an error) is held to the decision dates ----------------------


@pytest.mark.parametrize("decided", ["2099-12-31", "2026-11-27"])
def test_a_correction_dated_after_today_in_beijing_is_refused(
    registry_app, registry, tokens, decided
):
    assert refused(registry_app, registry, tokens, decision_date=decided) == [
        ("decision_date", "in_future")
    ]
    response = issue(registry_app, registry, tokens, decision_date=TODAY.isoformat())
    assert response.status_code == 201, response.json


def test_a_correction_keeps_the_decision_after_the_meeting_and_the_notice(
    registry_app, registry, tokens
):
    # The title was reviewed on 5 November and on notice 11-17 November.
    assert refused(registry_app, registry, tokens, decision_date="2026-11-04") == [
        ("decision_date", "before_meeting"),
        ("decision_date", "before_notice_ended"),
    ]
    assert refused(registry_app, registry, tokens, 98, decision_date="2026-11-17") == [
        ("decision_date", "before_notice_ended")
    ]
    assert issue(registry_app, registry, tokens, decision_date="2026-11-18").status_code == 201


def test_a_correction_dated_inside_the_committees_suspension_is_refused(
    registry_app, registry, tokens
):
    serial = title_held(registry_app).serial  # decided on 20 November
    assert decide(registry, tokens["bureau"], "suspend", dt.date(2026, 11, 21)).status_code == 201
    assert decide(registry, tokens["bureau"], "reinstate", dt.date(2026, 11, 24)).status_code == 201
    before = table_snapshot(registry_app)
    body = {
        "replaces": serial,
        "correction_number": "京人社职更〔2026〕7号",
        "reason": "决定日期录入错误",
        "corrections": {"decision_date": "2026-11-22"},
    }
    response = registry.post("/api/v1/certificates", json=body, headers=bearer(tokens["bureau"]))
    assert response.status_code == 422
    (error,) = response.json["errors"]
    assert (error["field"], error["code"]) == ("corrections.decision_date", "committee_suspended")
    assert "京人社职字〔2026〕suspend号" in error["message"] and "三(四)4" in error["message"]
    assert "暂停评审工作" in error["message_zh"] and "2026-11-22" in error["message_zh"]
    assert table_snapshot(registry_app) == before
    body["corrections"] = {"decision_date": "2026-11-25"}
    response = registry.post("/api/v1/certificates", json=body, headers=bearer(tokens["bureau"]))
    assert response.status_code == 201, response.json


def test_a_corrected_specialty_must_have_been_the_committees_on_the_meeting_and_decision_dates(
    registry_app, registry, tokens
):
    changed = registry.patch(
        "/api/v1/committees/BJ-DZ-01",
        json={"specialties": ["DZXX-01", "XNY-01"], "reason": "Approved for new energy"},
        headers=bearer(tokens["bureau"]),
    )
    assert changed.status_code == 200
    # The committee holds 新能源 from today: it did not when it met and decided.
    assert refused(registry_app, registry, tokens, specialty_code="XNY-01") == [
        ("specialty_code", "outside_authority"),
        ("specialty_code", "outside_authority"),
    ]
    # The specialty it held all along is not touched by the change.
    assert issue(registry_app, registry, tokens, 1, specialty_code="DZXX-01").status_code == 201


def test_the_full_senior_title_is_granted_only_from_the_reform(registry_app, registry, wide):
    senior = {**WIDE, "level": "professorate_senior_engineer"}
    assert ("decision_date", "level_not_yet_in_force") in refused(
        registry_app, registry, wide, **senior, decision_date="2020-09-30"
    )
    granted = issue(registry_app, registry, wide, **senior)
    assert granted.status_code == 201, granted.json
    assert granted.json["title_zh"] == "正高级工程师"
    # 高级工程师（教授级） is never newly issued.
    legacy = issue(registry_app, registry, wide, 2, **WIDE, level="senior_engineer_professor_grade")
    assert legacy.status_code == 422
    assert legacy.json["errors"][0]["code"] == "unknown_level"


# A correction is held to the routes and their grounds --------------------------------------

GROUNDED = {"route_basis": "2024年度国家科学技术进步奖二等奖"}


@pytest.mark.parametrize(
    ("level", "route", "ground", "expected"),
    [
        ("technician", "direct_track", "national_science_award", ("route", "route_not_for_level")),
        ("engineer", "direct_track", "national_science_award", ("route", "route_not_for_level")),
        (
            "assistant_engineer",
            "exceptional",
            "provincial_science_award",
            ("route", "route_not_for_level"),
        ),
        ("engineer", "exceptional", "provincial_science_award", ("route", "route_not_for_level")),
        ("engineer", "exceptional", "key_breakthrough", ("route", "route_not_for_level")),
        (
            "professorate_senior_engineer",
            "direct_track",
            None,
            ("route_ground", "ground_required"),
        ),
        ("senior_engineer", "exceptional", None, ("route_ground", "ground_required")),
        (
            "professorate_senior_engineer",
            "exceptional",
            "provincial_science_award",
            ("route_ground", "ground_not_for_level"),
        ),
        (
            "professorate_senior_engineer",
            "exceptional",
            "skills_honour",
            ("route_ground", "ground_not_for_level"),
        ),
        ("engineer", "regular", "skills_honour", ("route_ground", "ground_not_for_route")),
        ("technician", "technical_school", None, ("route", "not_a_route")),
    ],
)
def test_routes_are_refused_where_the_policy_closes_them(
    registry_app, registry, wide, level, route, ground, expected
):
    request = {**WIDE, **GROUNDED, "level": level, "route": route, "route_ground": ground}
    assert refused(registry_app, registry, wide, **request) == [expected]


@pytest.mark.parametrize(
    ("level", "route", "ground", "clause"),
    [
        ("professorate_senior_engineer", "direct_track", "national_science_award", "附件五(四)1"),
        ("professorate_senior_engineer", "direct_track", "innovation_achievement", "附件五(四)4"),
        ("senior_engineer", "exceptional", "patent_silver_award", "附件四(四)2"),
        ("senior_engineer", "exceptional", "skills_master_studio", "三(三)2"),
        ("senior_engineer", "exceptional", "key_breakthrough", "三(三)1"),
        ("professorate_senior_engineer", "exceptional", "key_breakthrough", "三(三)1"),
    ],
)
def test_a_route_the_policy_opens_is_issued_with_the_policys_words_for_its_ground(
    registry_app, registry, wide, level, route, ground, clause
):
    request = {**WIDE, **GROUNDED, "level": level, "route": route, "route_ground": ground}
    response = issue(registry_app, registry, wide, **request)
    assert response.status_code == 201, response.json
    shown = response.json["route_ground"]
    assert shown["code"] == ground and shown["clause"] == clause and shown["wording_en"]
    assert shown["committee_judgement"] is (ground == "key_breakthrough")
    reread = registry.get(
        f"/api/v1/certificates/{response.json['serial']}", headers=bearer(wide["bureau"])
    ).json
    assert reread["route"] == route and reread["route_ground"] == shown
    assert reread["route_basis"] == GROUNDED["route_basis"]


def test_the_direct_track_ground_reads_as_the_annex_says(registry_app, registry, wide):
    response = issue(
        registry_app,
        registry,
        wide,
        **WIDE,
        **GROUNDED,
        level="professorate_senior_engineer",
        route="direct_track",
        route_ground="national_major_project",
    )
    assert response.json["route_ground"]["wording_zh"] == "主持完成国家级重大科技项目"


def test_a_technical_school_graduate_is_recorded_with_the_class_at_any_level(
    registry_app, registry, wide
):
    for index, (level, kind, counts_as) in enumerate(
        [
            ("technician", "intermediate_worker", "中专"),
            ("engineer", "advanced_worker", "大专"),
            ("professorate_senior_engineer", "preparatory_technician", "本科"),
        ]
    ):
        response = issue(
            registry_app, registry, wide, index, **WIDE, level=level, technical_school_class=kind
        )
        assert response.status_code == 201, response.json
        assert response.json["route"] == "regular"
        assert response.json["technical_school_class"]["code"] == kind
        assert response.json["technical_school_class"]["counts_as_zh"] == counts_as
    unknown = issue(registry_app, registry, wide, 5, **WIDE, technical_school_class="evening_class")
    assert unknown.status_code == 422
    assert unknown.json["errors"][0]["code"] == "unknown_technical_school_class"
    plain = issue(registry_app, registry, wide, 6, **WIDE)
    assert plain.json["technical_school_class"] is None and plain.json["route_ground"] is None


# Batches ---------------------------------------------------------------------------------


def issue_batch(registry, tokens, batch_id, decided: str):
    return registry.post(
        f"/api/v1/batches/{batch_id}/issue",
        json={**ISSUE, "decision_date": decided},
        headers=bearer(tokens["committee"]),
    )


def test_a_batch_is_decided_only_after_its_notice_and_its_meetings(registry_app, registry, tokens):
    rows = [batch_row(0), batch_row(1, meeting_date="2026-11-25")]
    batch = submit(registry, tokens["committee"], rows).json
    assert batch["notice"]["ends"] == "2026-12-03"
    at(registry_app, AFTER_NOTICE)  # 4 December in Beijing
    before = table_snapshot(registry_app)
    for decided, expected in [
        # Before its own meeting (row 2 met on 25 November) and before the notice ended.
        (
            "2026-11-21",
            {(None, "before_notice_ended"), (2, "before_meeting")},
        ),
        ("2026-12-03", {(None, "before_notice_ended")}),
        ("2026-12-05", {(None, "in_future")}),
        ("2099-12-31", {(None, "in_future")}),
    ]:
        response = issue_batch(registry, tokens, batch["id"], decided)
        assert response.status_code == 422, response.json
        errors = response.json["errors"]
        assert {(e.get("row"), e["code"]) for e in errors} == expected, errors
        assert all(e["field"] == "decision_date" for e in errors)
        assert all(CITES.search(e["message"]) and CITES.search(e["message_zh"]) for e in errors)
        assert "nothing was issued" in response.json["detail"]
        assert table_snapshot(registry_app) == before
    issued = issue_batch(registry, tokens, batch["id"], "2026-12-04")
    assert issued.status_code == 201, issued.json


def test_a_batch_decided_inside_the_committees_suspension_is_refused(
    registry_app, registry, tokens
):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    # The bureau suspends the committee for 4 December only (decisions may take effect later).
    assert decide(registry, tokens["bureau"], "suspend", dt.date(2026, 12, 4)).status_code == 201
    assert decide(registry, tokens["bureau"], "reinstate", dt.date(2026, 12, 5)).status_code == 201
    at(registry_app, dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC))
    before = table_snapshot(registry_app)
    refused_batch = issue_batch(registry, tokens, batch["id"], "2026-12-04")
    assert refused_batch.status_code == 422
    (error,) = refused_batch.json["errors"]
    assert (error["field"], error["code"]) == ("decision_date", "committee_suspended")
    assert "row" not in error  # the committee's state is the batch's, not a row's
    assert table_snapshot(registry_app) == before
    assert issue_batch(registry, tokens, batch["id"], "2026-12-05").status_code == 201


def test_rows_are_refused_when_the_committee_lacked_authority_on_their_meeting_date(
    registry_app, registry, tokens
):
    assert decide(registry, tokens["bureau"], "suspend", dt.date(2026, 7, 1)).status_code == 201
    assert decide(registry, tokens["bureau"], "reinstate", dt.date(2026, 8, 1)).status_code == 201
    registry.patch(
        "/api/v1/committees/BJ-DZ-01",
        json={"specialties": ["DZXX-01", "XNY-01"], "reason": "Approved for new energy"},
        headers=bearer(tokens["bureau"]),
    )
    before = table_snapshot(registry_app)
    rows = [
        batch_row(0),
        batch_row(1, meeting_date="2026-07-15"),  # inside the suspension
        batch_row(2, meeting_date="2025-12-01"),  # before the committee's period
        batch_row(3, specialty_code="XNY-01"),  # met on 20 Nov; the specialty came today
        batch_row(4, specialty_code="XNY-01", meeting_date=TODAY.isoformat()),
    ]
    response = submit(registry, tokens["committee"], rows)
    assert response.status_code == 422
    assert {(e["row"], e["field"], e["code"]) for e in response.json["errors"]} == {
        (2, "meeting_date", "committee_suspended"),
        (3, "meeting_date", "outside_authority_period"),
        (4, "meeting_date", "outside_authority"),
    }
    assert table_snapshot(registry_app) == before


def test_batch_rows_are_held_to_the_routes_of_their_level_row_by_row(
    registry_app, registry, tokens
):
    basis = {"route_basis": "2025年度北京市科学技术奖一等奖"}
    rows = [
        batch_row(0, route="direct_track", route_ground="national_science_award", **basis),
        batch_row(
            1,
            level="assistant_engineer",
            route="exceptional",
            route_ground="provincial_science_award",
            **basis,
        ),
        batch_row(2, route="exceptional", route_ground="provincial_science_award", **basis),
        batch_row(3, route="technical_school"),
        batch_row(4, level="senior_engineer", route="exceptional", **basis),
        batch_row(
            5, level="senior_engineer", route="exceptional", route_ground="skills_honour", **basis
        ),
        batch_row(6, technical_school_class="advanced_worker"),
    ]
    before = table_snapshot(registry_app)
    response = submit(registry, tokens["committee"], rows)
    assert response.status_code == 422
    errors = response.json["errors"]
    assert {(e["row"], e["field"], e["code"]) for e in errors} == {
        (1, "route", "route_not_for_level"),
        (2, "route", "route_not_for_level"),
        (3, "route", "route_not_for_level"),
        (4, "route", "not_a_route"),
        (5, "route_ground", "ground_required"),
    }
    assert all(CITES.search(e["message"]) and CITES.search(e["message_zh"]) for e in errors)
    assert table_snapshot(registry_app) == before
    batch = submit(registry, tokens["committee"], rows[5:]).json
    assert batch["rows"][0]["route_ground"]["clause"] == "三(三)2"
    assert (
        batch["rows"][0]["route_ground"]["wording_zh"] == "获得中华技能大奖、全国技术能手等荣誉称号"
    )
    assert batch["rows"][1]["technical_school_class"]["code"] == "advanced_worker"
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert issued.status_code == 201, issued.json
    first = registry.get(
        f"/api/v1/certificates/{issued.json['certificates'][0]['serial']}",
        headers=bearer(tokens["bureau"]),
    ).json
    assert first["route"] == "exceptional" and first["route_ground"]["code"] == "skills_honour"
    second = registry.get(
        f"/api/v1/certificates/{issued.json['certificates'][1]['serial']}",
        headers=bearer(tokens["bureau"]),
    ).json
    assert second["technical_school_class"]["counts_as_zh"] == "大专"


def test_a_csv_with_the_technical_school_route_is_told_to_give_the_class(registry, tokens):
    header = "姓名,身份证号码,工作单位,层级,专业代码,评价方式,申报途径,评审会议日期"
    row = (
        f"李娜,{id_number(3)},北京通信技术学校,助理工程师,DZXX-01,应用实践,技工院校毕业生,"
        "2026-11-20"
    )
    response = registry.post(
        "/api/v1/batches/csv",
        data=f"{header}\n{row}\n".encode(),
        headers=bearer(tokens["committee"]) | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    (error,) = [e for e in response.json["errors"] if e["code"] != "facts_required"]
    assert (error["row"], error["code"]) == (2, "not_a_route")
    assert "technical_school_class" in error["message_zh"] and "三(三)2" in error["message"]


def _record_as_before_the_rules(registry_app, batch_id: str, **values) -> None:
    """A row as the registry recorded it before the route rules (an upgrade's data)."""
    state = registry_app.extensions["registry"]
    batch = sa.select(ResultBatch.id).where(ResultBatch.public_id == batch_id).scalar_subquery()
    with state.engine.begin() as connection:
        connection.execute(
            sa.update(BatchRow.__table__).where(BatchRow.batch_id == batch).values(**values)
        )


def test_rows_recorded_before_the_rules_keep_their_route_unless_the_policy_closes_it(
    registry_app, registry, tokens
):
    legacy = submit(registry, tokens["committee"], [batch_row(0)]).json
    _record_as_before_the_rules(registry_app, legacy["id"], route="technical_school")
    at(registry_app, AFTER_NOTICE)
    issued = issue_batch(registry, tokens, legacy["id"], "2026-12-04")
    assert issued.status_code == 201, issued.json
    serial = issued.json["certificates"][0]["serial"]
    shown = registry.get(f"/api/v1/certificates/{serial}", headers=bearer(tokens["bureau"])).json
    assert shown["route"] == "technical_school"

    at(registry_app, NOW)
    closed = submit(registry, tokens["committee"], [batch_row(1)]).json
    _record_as_before_the_rules(
        registry_app, closed["id"], route="exceptional", route_basis="京人社职发〔2019〕1号"
    )
    at(registry_app, AFTER_NOTICE)
    refused_batch = issue_batch(registry, tokens, closed["id"], "2026-12-04")
    assert refused_batch.status_code == 422
    assert [(e["row"], e["code"]) for e in refused_batch.json["errors"]] == [
        (1, "route_not_for_level")
    ]
