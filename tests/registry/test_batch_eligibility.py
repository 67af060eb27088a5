"""A results batch checked against the standard conditions: each row's facts through the
eligibility engine, with the titles this registry issued the person as proven."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from registry.audit.models import AuditRecord
from registry.batches.eligibility import EligibilityPolicy
from registry.batches.models import BatchRow
from registry.batches.rows import json_rows
from registry.batches.services import Caller, submit_batch
from registry.clients.services import create_client
from registry.committees.services import create_committee
from tests.batch_helpers import title_held
from tests.factories import BUREAU, NOW, batch_row, bearer, committee_data, id_number
from tests.registry.test_certificates_api import table_snapshot
from tests.workbooks import XLSX, filled_template

ENGINEER_JUDGED = ["附件首段", "附件三(一)1", "附件三(二)2", "附件三(三)"]


def submit(registry, token, rows):
    return registry.post("/api/v1/batches", json={"rows": rows}, headers=bearer(token))


def errors(response) -> list[tuple]:
    return [(e.get("row"), e["field"], e["code"]) for e in response.json["errors"]]


def engineer(index: int, work_start: str, **facts) -> dict:
    """A 工程师 row on a bachelor's degree alone (附件三(一)2(3): 满5年 after it)."""
    return batch_row(
        index,
        facts={
            "educations": [{"kind": "bachelor", "graduated": "2016-07-01"}],
            "work": [{"start": work_start}],
            "outputs": [{"kind": "technical_report", "role": "participant", "count": 2}],
            **facts,
        },
        judged=ENGINEER_JUDGED,
    )


@pytest.fixture
def senior_committee(registry_app, tokens) -> str:
    """A committee that may grant every level of DZXX-01, and its token."""
    state = registry_app.extensions["registry"]
    levels = ["engineer", "senior_engineer", "professorate_senior_engineer"]
    with state.sessions() as session, session.begin():
        create_committee(session, BUREAU, committee_data("BJ-ZG-01", levels=levels), NOW)
        _, token = create_client(session, BUREAU, "zg", "committee", "BJ-ZG-01", NOW)
    return token


def test_a_21_year_old_without_a_lower_title_is_refused_the_full_senior_title(
    registry_app, registry, senior_committee
):
    before = table_snapshot(registry_app)
    row = batch_row(
        1,
        holder_id_number=id_number(1, born="20050301"),
        level="professorate_senior_engineer",
        evaluation_track="research_design",
        facts={
            "educations": [{"kind": "bachelor", "graduated": "2026-07-01"}],
            "work": [{"start": "2026-07-15"}],
            "outputs": [{"kind": "invention_patent", "role": "lead", "count": 3}],
        },
    )
    response = submit(registry, senior_committee, [row])
    assert response.status_code == 422
    (error,) = response.json["errors"]
    assert (error["row"], error["field"], error["code"]) == (1, "facts.titles", "not_eligible")
    assert "附件五(一)2" in error["message"] and "附件五(一)2" in error["message_zh"]
    assert "未取得副高级职称" in error["message_zh"]
    assert "No associate senior title" in error["message"]
    assert table_snapshot(registry_app) == before


def test_years_are_counted_to_the_meeting_date_to_the_day(registry, tokens):
    short = submit(registry, tokens["committee"], [engineer(1, "2021-11-21")])
    assert short.status_code == 422
    assert errors(short) == [(1, "facts.work", "not_eligible")]
    message = short.json["errors"][0]["message_zh"]
    assert "附件三(一)2(3)" in message and "4年364天" in message and "不足满5年" in message
    accepted = submit(registry, tokens["committee"], [engineer(1, "2021-11-20")])
    assert accepted.status_code == 201, accepted.json
    eligibility = accepted.json["rows"][0]["eligibility"]
    assert eligibility["outcome"] == "eligible"
    assert eligibility["reference_date"] == "2026-11-20"
    assert eligibility["conditions"]["附件三(一)2"] == "met"


def test_the_bureau_may_count_the_years_to_the_submission_date(registry_app, tokens):
    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        batch = submit_batch(
            session,
            Caller(BUREAU, None),
            "BJ-DZ-01",
            json_rows([engineer(1, "2021-11-21")]),
            state.issuer(session),
            state.protector,
            state.notice_rules(session),
            NOW,  # 26 November: 5 years and 5 days
            eligibility=EligibilityPolicy(reference="submission_date"),
        )
        assert batch.row_count == 1


def test_a_condition_left_to_the_committee_passes_only_when_it_says_it_judged_it(registry, tokens):
    refused = submit(registry, tokens["committee"], [batch_row(1, judged=[])])
    assert refused.status_code == 422
    assert errors(refused) == [(1, "judged", "judgement_not_recorded")] * 4
    named = [e["message"].split(" ")[0] for e in refused.json["errors"]]
    assert named == ENGINEER_JUDGED
    assert "评审委员会评议后" in refused.json["errors"][0]["message_zh"]
    half = submit(registry, tokens["committee"], [batch_row(1, judged=ENGINEER_JUDGED[:2])])
    assert errors(half) == [(1, "judged", "judgement_not_recorded")] * 2
    accepted = submit(registry, tokens["committee"], [batch_row(1, judged=ENGINEER_JUDGED)])
    assert accepted.status_code == 201, accepted.json
    eligibility = accepted.json["rows"][0]["eligibility"]
    assert eligibility["judged"] == ENGINEER_JUDGED
    assert eligibility["conditions"]["附件三(一)1"] == "judged"
    unknown = submit(registry, tokens["committee"], [batch_row(2, judged=["附件九"])])
    assert errors(unknown) == [(1, "judged.0", "unknown_clause")]


def test_a_ground_for_the_committee_is_judged_under_its_own_clause(registry, senior_committee):
    row = batch_row(
        1,
        level="professorate_senior_engineer",
        route="direct_track",
        route_ground="innovation_achievement",
        route_basis="2025年度北京市科技成果转化突出贡献",
    )
    row["judged"].remove("附件五(四)4")
    refused = submit(registry, senior_committee, [row])
    assert errors(refused) == [(1, "judged", "judgement_not_recorded")]
    assert refused.json["errors"][0]["message"].startswith("附件五(四)4 ")


def test_a_lower_title_of_this_registry_counts_as_proven_and_a_declared_one_as_declared(
    registry_app, registry, tokens
):
    held = title_held(registry_app, holder_id_number=id_number(5), level="engineer")
    declared = batch_row(5, level="senior_engineer")
    # Without the declared titles, the proven one is all there is, and it is too recent.
    facts = {**declared["facts"], "titles": []}
    refused = submit(registry, tokens["committee"], [{**declared, "facts": facts}])
    assert errors(refused) == [(1, "facts.work", "not_eligible")]
    message = refused.json["errors"][0]["message_zh"]
    assert "取得工程师（登记在册）（2026-11-20）" in message
    response = submit(registry, tokens["committee"], [declared])
    assert response.status_code == 201, response.json
    eligibility = response.json["rows"][0]["eligibility"]
    assert eligibility["proven"] == [held.serial]
    # The declared 中级 title (2016) is the one five years back; its number is shown.
    assert "示例-2016-01" in eligibility["declared"]


def test_representative_works_count_as_outputs(registry, tokens):
    works = [
        {"kind": "technical_report", "title": "某220kV变电站二次系统改造技术报告", "role": "lead"},
        {"kind": "design_document", "title": "某数据中心配电设计文件", "role": "participant"},
    ]
    without = engineer(1, "2016-07-15", outputs=[])
    refused = submit(registry, tokens["committee"], [without])
    assert errors(refused) == [(1, "facts.outputs", "not_eligible")]
    assert "附件三(三)" in refused.json["errors"][0]["message"]
    accepted = submit(
        registry,
        tokens["committee"],
        [engineer(1, "2016-07-15", outputs=[], representative_works=works)],
    )
    assert accepted.status_code == 201, accepted.json


def test_a_technical_school_class_needs_its_education_in_the_facts(registry, tokens):
    row = batch_row(1, technical_school_class="advanced_worker")
    row["facts"]["educations"] = [{"kind": "bachelor", "graduated": "2012-07-01"}]
    refused = submit(registry, tokens["committee"], [row])
    assert errors(refused) == [(1, "facts.educations", "technical_school_education_missing")]
    assert (
        submit(
            registry, tokens["committee"], [batch_row(1, technical_school_class="advanced_worker")]
        ).status_code
        == 201
    )


def test_a_row_without_facts_is_told_to_use_the_workbook_or_json(registry, tokens):
    row = batch_row(1)
    del row["facts"], row["judged"]
    refused = submit(registry, tokens["committee"], [row])
    assert errors(refused) == [(1, "facts", "facts_required")]
    assert "template.xlsx" in refused.json["errors"][0]["message"]
    assert "工作簿" in refused.json["errors"][0]["message_zh"]


def test_the_facts_are_stored_sealed_and_the_verdict_kept_in_the_audit_trail(
    registry_app, registry, tokens
):
    work_unit = "北京极光量子测控技术研究中心"
    row = batch_row(1, work_unit="北京电子工程研究所")
    row["facts"]["outputs"].append(
        {"kind": "paper", "role": "first_author", "title": f"{work_unit}相干控制系统研究"}
    )
    row["facts"]["titles"][1]["certificate_number"] = "京中职证字第7731号"
    response = submit(registry, tokens["committee"], [row])
    assert response.status_code == 201, response.json
    state = registry_app.extensions["registry"]
    with state.engine.connect() as connection:
        (blob,) = connection.execute(sa.select(BatchRow.__table__.c.facts_encrypted)).one()
        detail = connection.execute(
            sa.select(AuditRecord.detail).where(AuditRecord.action == "batch.submit")
        ).scalar_one()
    for plain in (work_unit, "京中职证字第7731号", "2012-07-01"):
        assert plain.encode() not in blob
        assert plain.encode("utf-16-le") not in blob
    opened = json.loads(state.protector.decrypt_facts(blob))
    assert opened["facts"]["outputs"][1]["title"] == f"{work_unit}相干控制系统研究"
    audit = json.loads(detail)["eligibility"]
    assert audit["reference"] == "meeting_date" and audit["part_time"] == "committee"
    (verdict,) = audit["verdicts"]
    assert verdict["row"] == 1 and verdict["outcome"] == "eligible"
    assert verdict["conditions"]["附件三(一)2"] == "met"
    assert verdict["conditions"]["附件三(三)"] == "judged"
    assert verdict["judged"] == ENGINEER_JUDGED
    assert "京中职证字第7731号" in verdict["declared"]
    assert row["holder_id_number"] not in detail


# The workbook -------------------------------------------------------------------------------


def template(registry, token) -> bytes:
    response = registry.get("/api/v1/batches/template.xlsx", headers=bearer(token))
    assert response.status_code == 200 and response.mimetype == XLSX
    return response.data


def post_workbook(registry, token, body: bytes):
    return registry.post(
        "/api/v1/batches/csv", data=body, headers=bearer(token) | {"Content-Type": XLSX}
    )


def test_the_template_has_chinese_headers_and_explains_every_code(registry, tokens):
    workbook = openpyxl.load_workbook(io.BytesIO(template(registry, tokens["committee"])))
    assert workbook.sheetnames[:2] == ["人员", "学历"]
    assert [c.value for c in workbook["工作经历"][1]] == [
        "行号",
        "开始日期",
        "结束日期",
        "本专业",
        "兼职",
    ]
    assert [c.value for c in workbook["人员"][1]][:3] == ["姓名", "身份证号码", "工作单位"]
    explained = {row[1] for row in workbook["说明"].iter_rows(values_only=True)}
    for code in (
        "technical_report",
        "first_author",
        "associate_senior",
        "standard_drafter",
        "附件四(一)1",
    ):
        assert code in explained


def test_a_filled_template_is_accepted_with_each_persons_facts(registry, tokens):
    rows = [
        batch_row(1),
        batch_row(
            2,
            level="senior_engineer",
            route="exceptional",
            route_ground="standard_drafter",
            route_basis="DB11/T 1234-2022 第二起草人",
        ),
    ]
    # As a person types them: Chinese names for the codes.
    rows[0]["facts"]["educations"][0]["kind"] = "大学本科"
    rows[0]["facts"]["outputs"] = []
    rows[0]["facts"]["representative_works"] = [
        {"kind": "技术报告", "title": "某厂区供配电改造技术报告", "role": "主要负责人"},
        {"kind": "设计文件", "title": "某园区5G专网设计文件", "role": "参与人"},
    ]
    body = filled_template(template(registry, tokens["committee"]), rows)
    response = post_workbook(registry, tokens["committee"], body)
    assert response.status_code == 201, response.json
    listed = response.json["rows"]
    assert [r["row"] for r in listed] == [2, 3]  # the rows of the 人员 sheet
    assert [r["eligibility"]["outcome"] for r in listed] == ["eligible", "eligible"]
    assert listed[1]["route_ground"]["code"] == "standard_drafter"
    assert listed[1]["eligibility"]["conditions"]["附件四(四)"] == "met"
    assert listed[0]["eligibility"]["judged"] == ENGINEER_JUDGED


def test_a_bad_cell_of_a_workbook_is_named_by_sheet_row_and_column(registry, tokens):
    body = filled_template(template(registry, tokens["committee"]), [batch_row(1), batch_row(2)])
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    workbook["工作经历"]["B3"] = "去年夏天"
    workbook["职称"].append([9, "中级", "2016-09-01"])
    out = io.BytesIO()
    workbook.save(out)
    response = post_workbook(registry, tokens["committee"], out.getvalue())
    assert response.status_code == 422
    assert errors(response) == [
        (3, "工作经历.开始日期", "invalid_date"),
        (8, "职称.行号", "unknown_person_row"),  # after the two people's six titles
    ]
    assert "工作经历" in response.json["errors"][0]["message_zh"]
    assert "第 3 行" in response.json["errors"][0]["message_zh"]


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(
    registry, tokens, monkeypatch
):
    from registry.batches import workbook

    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
    response = post_workbook(registry, tokens["committee"], bomb.getvalue())
    assert response.status_code == 422
    assert errors(response) == [(None, "body", "workbook_too_large")]
    strings = io.BytesIO()
    with zipfile.ZipFile(strings, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (9 * 1024 * 1024))
    monkeypatch.setattr(workbook, "MAX_PART", {"xl/sharedStrings.xml": 8 * 1024 * 1024})
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 128 * 1024 * 1024)
    response = post_workbook(registry, tokens["committee"], strings.getvalue())
    assert errors(response) == [(None, "body", "workbook_too_large")]
    garbage = post_workbook(registry, tokens["committee"], b"PK\x03\x04 not really")
    assert errors(garbage) == [(None, "body", "invalid_xlsx")]


def test_the_reference_and_part_time_settings_are_checked(tmp_path):
    from registry.config import Settings, SettingsError

    env = {"REGISTRY_VAR_DIR": str(tmp_path), "REGISTRY_DEV_SECRETS": "1"}
    assert Settings.from_env(env).eligibility_reference == "meeting_date"
    assert Settings.from_env(env).eligibility_part_time == "committee"
    chosen = {**env, "REGISTRY_ELIGIBILITY_REFERENCE": "submission_date"}
    assert Settings.from_env(chosen).eligibility_reference == "submission_date"
    for name, value in (
        ("REGISTRY_ELIGIBILITY_REFERENCE", "decision_date"),
        ("REGISTRY_ELIGIBILITY_PART_TIME", "sometimes"),
    ):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({**env, name: value})


def test_a_rotation_of_the_data_key_seals_the_facts_again(registry_app, registry, tokens):
    from registry.keys.data_key_rotation import rotate_data_key
    from registry.protect import IdNumberProtector

    assert submit(registry, tokens["committee"], [batch_row(1)]).status_code == 201
    state = registry_app.extensions["registry"]
    new = IdNumberProtector.from_secret(b"a new data key, long enough to use")
    with state.sessions() as session, session.begin():
        rotate_data_key(session, BUREAU, state.protector, new, NOW)
    with state.engine.connect() as connection:
        (blob,) = connection.execute(sa.select(BatchRow.__table__.c.facts_encrypted)).one()
    assert json.loads(new.decrypt_facts(blob))["facts"]["titles"][0]["tier"] == "assistant"
    with pytest.raises(InvalidTag):
        state.protector.decrypt_facts(blob)


FULL_FACTS = {
    "educations": [
        {
            "kind": "technical_school",
            "graduated": "2010-07-01",
            "technical_school_class": "advanced_worker",
        },
        {"kind": "master", "graduated": "2014-07-01"},
    ],
    "work": [
        {"start": "2010-08-01", "end": "2015-12-31", "in_specialty": False},
        {"start": "2016-01-01", "part_time": True},
    ],
    "titles": [
        {
            "tier": "intermediate",
            "obtained": "2018-01-05",
            "series": "经济系列",
            "same_specialty": False,
        }
    ],
    "qualifications": [{"name": "一级建造师", "grade": "first_class", "obtained": "2017-03-01"}],
    "skill_level": "technician",
    "outputs": [
        {
            "kind": "paper",
            "role": "first_author",
            "core_journal": True,
            "date": "2019-05-01",
            "count": 4,
        }
    ],
    "representative_works": [{"kind": "monograph", "role": "lead", "title": "智能电网通信"}],
}


@pytest.mark.parametrize(
    "facts",
    [
        {},
        FULL_FACTS,
        # What only the schema reads: it says what is wrong, or reads it its own way.
        {**FULL_FACTS, "work": [{"start": "2016-1-1"}]},
        {**FULL_FACTS, "work": [{"start": "2016-01-01", "part_time": "true"}]},
        {**FULL_FACTS, "work": [{"start": "2016-01-01", "end": "2015-01-01"}]},
        {**FULL_FACTS, "outputs": [{"kind": "paper", "role": "first_author", "count": 1000}]},
        {**FULL_FACTS, "titles": [{"tier": "intermediate", "obtained": "1939-12-31"}]},
        {**FULL_FACTS, "representative_works": [{"kind": "paper", "role": "lead"}]},
        {**FULL_FACTS, "educations": [{"kind": "bachelor", "graduated": "2012-07-01", "x": 1}]},
        {
            **FULL_FACTS,
            "qualifications": [{"name": "\u202e一级", "grade": "senior", "obtained": "2017-03-01"}],
        },
        {**FULL_FACTS, "skill_level": "master"},
        {**FULL_FACTS, "outputs": [{"kind": "paper", "role": "lead"}] * 101},
        [],
    ],
)
def test_facts_read_fast_read_as_the_schema_reads_them(facts):
    from marshmallow import ValidationError

    from webbase.eligibility import ApplicantFactsSchema, fast_facts

    fast = fast_facts(facts)
    try:
        loaded = ApplicantFactsSchema().load(facts)
    except ValidationError:
        assert fast is None
    else:
        assert fast is None or fast == loaded
    if facts in ({}, FULL_FACTS):
        assert fast is not None
