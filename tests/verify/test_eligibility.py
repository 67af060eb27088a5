"""The public pre-check on verify: POST /api/v1/eligibility and the /eligibility page, through
the real app. Every condition comes back with its clause and the policy's words; bad input
is refused field by field in both languages; nothing is read from or written to the database
and nothing is logged."""

from __future__ import annotations

import datetime as dt
import html
import logging

import pytest
import sqlalchemy as sa

from verify import create_app
from verify.config import Settings

# 20:00 UTC on 1 December is already 2 December in Beijing.
CLOCK = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
SENIOR = {
    "level": "senior_engineer",
    "category": "application_practice",
    "educations": [{"kind": "bachelor", "graduated": "2010-07-01"}],
    "work": [{"start": "2010-07-15"}],
    "titles": [{"tier": "intermediate", "obtained": "2016-12-01"}],
    "outputs": [
        {"kind": "paper", "role": "first_author", "count": 2, "core_journal": True},
        {"kind": "technical_report", "role": "lead"},
    ],
}
# The same person, had the 中级 title come in 2023: short of 5 years after it.
TOO_SOON = {**SENIOR, "titles": [{"tier": "intermediate", "obtained": "2023-01-01"}]}
PAGE_FIELDS = {
    "level": "senior_engineer",
    "route": "regular",
    "category": "application_practice",
    "educations-0-kind": "bachelor",
    "educations-0-graduated": "2010-07-01",
    "work-0-start": "2010-07-15",
    "work-0-in_specialty": "1",
    "titles-0-tier": "intermediate",
    "titles-0-obtained": "2016-12-01",
    "titles-0-same_specialty": "1",
    "outputs-0-kind": "paper",
    "outputs-0-role": "first_author",
    "outputs-0-count": "2",
    "outputs-0-core_journal": "1",
    "outputs-1-kind": "technical_report",
    "outputs-1-role": "lead",
}


@pytest.fixture
def app(database_url):
    app = create_app(
        Settings(database_url=database_url, public_base_url="https://verify.example.gov.cn"),
        clock=lambda: CLOCK,
    )
    yield app
    app.extensions["verify"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def statements(app):
    """Every SQL statement verify's engine runs."""
    seen: list[str] = []
    engine = app.extensions["verify"].engine

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", record)


def _by_clause(answer: dict) -> dict[str, dict]:
    found = {}
    for condition in answer["conditions"]:
        found[condition["clause"]] = condition
        for option in condition.get("options", []):
            found[option["clause"]] = option
    return found


def test_the_api_says_a_senior_applicant_meets_the_rules_and_leaves_the_rest_to_the_committee(
    client,
):
    response = client.post("/api/v1/eligibility", json=SENIOR)
    assert response.status_code == 200, response.json
    answer = response.json
    assert answer["outcome"] == "needs_committee_judgement"
    assert answer["outcome_zh"] == "须由评审委员会评议"
    assert answer["reference_date"] == "2026-12-02"  # today in Beijing, by the app's clock
    clauses = _by_clause(answer)
    assert clauses["附件四(一)2"]["status"] == "met" and clauses["附件四(一)2"]["holds"] is True
    chosen = clauses["附件四(一)2(3)"]
    assert chosen["status"] == "met"
    assert "取得中级职称后，从事本专业技术工作满5年" in chosen["wording_zh"]
    assert "10年" in chosen["reason_zh"] and "10 years" in chosen["reason_en"]
    assert clauses["附件四(一)2(1)"]["status"] == "not_met"
    assert "附件四(一)1" in answer["open_judgements"]
    assert clauses["附件四(一)1"]["holds"] is None
    assert [f["proof"] for f in answer["facts"]] == ["declared"]
    assert answer["notes"] and all(n["zh"] and n["en"] for n in answer["notes"])


def test_the_api_refuses_a_title_obtained_too_late_and_names_the_clause(client):
    answer = client.post(
        "/api/v1/eligibility", json={**TOO_SOON, "reference_date": "2026-12-01"}
    ).json
    assert answer["outcome"] == "not_eligible" and answer["outcome_en"] == "Not eligible"
    failing = [c for c in answer["conditions"] if c["status"] == "not_met"]
    assert [c["clause"] for c in failing] == ["附件四(一)2"]
    option = _by_clause(answer)["附件四(一)2(3)"]
    assert option["status"] == "not_met" and option["holds"] is False
    assert "不足满5年" in option["reason_zh"] and "short of 5 years" in option["reason_en"]


def test_the_api_answers_bad_input_with_each_field_in_both_languages(client):
    response = client.post(
        "/api/v1/eligibility",
        json={
            "level": "chief_wizard",
            "work": [{"start": "2010-13-45"}],
            "reference_date": "9999-12-31",
            "id_number": "110101199003074514",
        },
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    errors = {e["field"]: e for e in response.json["errors"]}
    assert set(errors) == {"level", "work.0.start", "reference_date", "id_number"}
    assert errors["work.0.start"]["message_zh"] == "应为 YYYY-MM-DD 格式的日期。"
    assert (
        errors["level"]["code"] == "unknown_level" and "未知的职称" in errors["level"]["message_zh"]
    )
    assert errors["id_number"]["code"] == "unknown_field"
    assert "2099-12-31" in errors["reference_date"]["message"]


def test_the_api_takes_no_more_rows_than_a_career_has(client):
    response = client.post(
        "/api/v1/eligibility",
        json={**SENIOR, "work": [{"start": "2010-07-15"}] * 51},
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "work"


def test_the_pre_check_neither_reads_nor_writes_the_database_nor_logs(client, statements, caplog):
    with caplog.at_level(logging.DEBUG):
        assert client.post("/api/v1/eligibility", json=SENIOR).status_code == 200
        assert client.post("/eligibility", data=PAGE_FIELDS).status_code == 200
        assert client.post("/eligibility", data={"level": "x"}).status_code == 422
    assert statements == []
    assert [
        r.getMessage() for r in caplog.records if r.name.startswith(("verify", "webbase"))
    ] == []


# The page ------------------------------------------------------------------------------------


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_page_offers_the_form_in_both_languages_without_script(client):
    response = client.get("/eligibility")
    assert response.status_code == 200
    page = _text(response)
    assert "职称申报预检" in page and "eligibility pre-check" in page
    assert "<script" not in page
    assert 'method="post"' in page and 'action="/eligibility"' in page
    assert page.count('name="work-') == 4 * 4 and 'name="outputs-4-kind"' in page
    assert "这是预检，不是评审决定" in page and "the review committee decides" in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    home = _text(client.get("/"))
    assert 'href="/eligibility"' in home


def test_a_posted_form_shows_the_verdict_with_its_clauses_beside_the_filled_form(client):
    response = client.post("/eligibility", data=PAGE_FIELDS)
    assert response.status_code == 200
    page = _text(response)
    banner = page.split('<section class="banner', 1)[1].split("</section>", 1)[0]
    assert "须由评审委员会评议" in banner and "Needs the committee's judgement" in banner
    assert "⚖" in banner and "高级工程师" in banner and "2026-12-02" in banner
    assert "附件四(一)2(3)" in page and "取得中级职称后，从事本专业技术工作满5年" in page
    assert '符合 <span lang="en">Met</span>' in page
    assert '由评审委员会评议 <span lang="en">For the committee to weigh</span>' in page
    assert '申报 <span class="en" lang="en">declared</span>' in page
    assert "是否属于本专业由评审委员会认定" in page  # the note
    assert "这是预检，不是评审决定" in page
    # the form comes back filled in, to adjust and ask again
    assert 'id="titles-0-obtained" name="titles-0-obtained" value="2016-12-01"' in page
    assert 'id="work-0-part_time" name="work-0-part_time" value="1">' in page  # left unticked
    assert 'name="work-1-in_specialty" value="1" checked' in page  # a blank row's default


def test_a_posted_form_that_fails_names_the_failing_clause(client):
    response = client.post("/eligibility", data={**PAGE_FIELDS, "titles-0-obtained": "2023-01-01"})
    page = _text(response)
    banner = page.split('<section class="banner', 1)[1].split("</section>", 1)[0]
    assert "不符合申报条件" in banner and "Not eligible" in banner and "✖" in banner
    assert "不足满5年" in page


def test_a_bad_date_comes_back_beside_its_field_in_both_languages(client):
    fields = {**PAGE_FIELDS, "work-2-start": "2015-02-30", "work-2-in_specialty": "1"}
    response = client.post("/eligibility", data=fields)
    assert response.status_code == 422
    page = _text(response)
    assert '<section class="banner' not in page
    field = page.split('id="work-2-start"', 1)[1].split("</div>", 2)
    beside = field[0] + field[1]
    assert 'aria-invalid="true"' in beside
    assert "应为 YYYY-MM-DD 格式的日期。" in beside and "Not a valid date." in beside
    assert 'value="2015-02-30"' in beside  # what was typed stays, to be corrected
    assert 'href="#work-2-start"' in page  # and the summary leads to it
