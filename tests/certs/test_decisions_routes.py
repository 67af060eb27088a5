"""The date rules of a decision and the routes each title may be reached by (pure)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from certs.decisions import (
    REFORM_DATE,
    decision_date_errors,
    meeting_errors,
    notice_errors,
)
from certs.levels import ROUTES
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES, grounds_for, route_errors
from tests.docs.test_documents import CLAUSES

TODAY = dt.date(2026, 11, 26)
EVE_OF_REFORM = REFORM_DATE - dt.timedelta(days=1)
CITES = re.compile(r"(附件)?[一二三四五]\([一二三四五]\)")


def codes(errors) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in errors]


def assert_cites_a_clause_in_both_languages(errors) -> None:
    for error in errors:
        assert CITES.search(error.message), error.message
        assert CITES.search(error.message_zh), error.message_zh


def test_each_ground_quotes_the_clause_it_names_word_for_word():
    for ground in GROUNDS.values():
        assert ground.wording_zh in CLAUSES[ground.clause], ground.code
        assert ground.wording_en and ground.route in ROUTES
    assert {g.clause for g in GROUNDS.values() if g.route == "direct_track"} == {
        f"附件五(四){n}" for n in range(1, 5)
    }
    assert {g.clause for g in GROUNDS.values() if g.clause.startswith("附件四")} == {
        f"附件四(四){n}" for n in range(1, 4)
    }
    assert [g.code for g in GROUNDS.values() if g.committee_judgement] == ["key_breakthrough"]


def test_the_technical_school_classes_count_as_the_education_the_policy_says():
    words = CLAUSES["三(三)2"]
    assert "中级工班、高级工班、预备技师（技师）班毕业生" in words
    assert [(c.name_zh, c.counts_as_zh) for c in TECHNICAL_SCHOOL_CLASSES.values()] == [
        ("中级工班", "中专"),
        ("高级工班", "大专"),
        ("预备技师（技师）班", "本科"),
    ]


@pytest.mark.parametrize(
    ("level", "route", "ground"),
    [
        ("technician", "direct_track", "national_science_award"),
        ("engineer", "direct_track", "national_science_award"),
        ("senior_engineer", "direct_track", "national_science_award"),
        ("assistant_engineer", "exceptional", "provincial_science_award"),
        ("engineer", "exceptional", "provincial_science_award"),
        ("engineer", "exceptional", "key_breakthrough"),
    ],
)
def test_direct_track_is_for_the_full_senior_title_and_exceptional_for_senior_titles(
    level, route, ground
):
    errors = route_errors(level, route, ground)
    assert codes(errors) == [("route", "route_not_for_level")]
    assert_cites_a_clause_in_both_languages(errors)
    assert "三(三)1" in errors[0].message and "三(三)1" in errors[0].message_zh


@pytest.mark.parametrize(
    ("level", "route", "ground"),
    [
        ("professorate_senior_engineer", "direct_track", "national_science_award"),
        ("professorate_senior_engineer", "direct_track", "innovation_achievement"),
        ("senior_engineer", "exceptional", "provincial_science_award"),
        ("senior_engineer", "exceptional", "standard_drafter"),
        ("senior_engineer", "exceptional", "worldskills_award"),
        ("senior_engineer", "exceptional", "state_council_allowance"),
        ("senior_engineer", "exceptional", "key_breakthrough"),
        ("professorate_senior_engineer", "exceptional", "key_breakthrough"),
        ("technician", "regular", None),
        ("professorate_senior_engineer", "regular", None),
        ("engineer", "qualification_equivalence", None),
    ],
)
def test_what_the_policy_opens_is_open(level, route, ground):
    assert route_errors(level, route, ground) == []


@pytest.mark.parametrize(
    ("level", "route", "ground", "expected"),
    [
        # 附件四(四) and 三(三)2 open 破格 to 高级工程师, not to 正高级工程师.
        ("professorate_senior_engineer", "exceptional", "provincial_science_award", "level"),
        ("professorate_senior_engineer", "exceptional", "skills_honour", "level"),
        # A ground of the other route, or a ground where the route takes none.
        ("professorate_senior_engineer", "exceptional", "national_science_award", "route"),
        ("professorate_senior_engineer", "direct_track", "key_breakthrough", "route"),
        ("engineer", "regular", "provincial_science_award", "route"),
    ],
)
def test_a_ground_must_belong_to_the_route_and_the_level(level, route, ground, expected):
    errors = route_errors(level, route, ground)
    assert codes(errors) == [("route_ground", f"ground_not_for_{expected}")]
    assert_cites_a_clause_in_both_languages(errors)


def test_a_route_past_the_usual_conditions_needs_its_ground_and_lists_the_choices():
    (error,) = route_errors("professorate_senior_engineer", "direct_track", None)
    assert (error.field, error.code) == ("route_ground", "ground_required")
    for ground in grounds_for("direct_track", "professorate_senior_engineer"):
        assert ground.code in error.message and ground.wording_zh in error.message_zh
    (senior,) = route_errors("senior_engineer", "exceptional", None)
    assert "skills_master_studio" in senior.message and "key_breakthrough" in senior.message
    (full,) = route_errors("professorate_senior_engineer", "exceptional", None)
    assert "key_breakthrough" in full.message and "provincial_science_award" not in full.message


def test_technical_school_is_no_route_for_new_titles_but_stays_readable_for_old_ones():
    (error,) = route_errors("technician", "technical_school", None)
    assert (error.field, error.code) == ("route", "not_a_route")
    assert "三(三)2" in error.message and "technical_school_class" in error.message_zh
    assert route_errors("technician", "technical_school", None, new=False) == []
    # What was recorded before the grounds stands without one; a closed route does not.
    assert route_errors("senior_engineer", "exceptional", None, new=False) == []
    assert codes(route_errors("engineer", "exceptional", None, new=False)) == [
        ("route", "route_not_for_level")
    ]


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (dt.date(2099, 12, 31), [("decision_date", "in_future")]),
        (TODAY + dt.timedelta(days=1), [("decision_date", "in_future")]),
        (TODAY, []),
        (dt.date(1990, 1, 1), []),  # the committee's period refuses it (the registry's check)
    ],
)
def test_a_decision_is_not_dated_after_today(decided, expected):
    errors = decision_date_errors("engineer", decided, TODAY)
    assert codes(errors) == expected
    assert_cites_a_clause_in_both_languages(errors)


@pytest.mark.parametrize(
    ("level", "decided", "expected"),
    [
        ("professorate_senior_engineer", dt.date(2015, 6, 30), "level_not_yet_in_force"),
        (
            "professorate_senior_engineer",
            REFORM_DATE - dt.timedelta(days=1),
            "level_not_yet_in_force",
        ),
        ("professorate_senior_engineer", REFORM_DATE, None),
        ("senior_engineer_professor_grade", REFORM_DATE, "level_no_longer_in_force"),
        ("senior_engineer_professor_grade", dt.date(2015, 6, 30), None),
        ("senior_engineer", dt.date(2015, 6, 30), None),
    ],
)
def test_each_full_senior_title_belongs_to_its_side_of_the_reform(level, decided, expected):
    errors = decision_date_errors(level, decided, TODAY)
    assert codes(errors) == ([("decision_date", expected)] if expected else [])
    assert_cites_a_clause_in_both_languages(errors)
    if expected:
        assert "三(一)1" in errors[0].message_zh and "2020-10-01" in errors[0].message


def test_a_batch_is_decided_after_its_notice_and_after_each_meeting():
    notice_to = dt.date(2026, 12, 3)
    assert codes(notice_errors(notice_to, notice_to)) == [("decision_date", "before_notice_ended")]
    assert "2026-12-04" in notice_errors(dt.date(2026, 11, 1), notice_to)[0].message
    assert notice_errors(notice_to + dt.timedelta(days=1), notice_to) == []
    meeting = dt.date(2026, 11, 20)
    (early,) = meeting_errors(dt.date(2026, 11, 19), meeting, row=4)
    assert (early.row, early.field, early.code) == (4, "decision_date", "before_meeting")
    assert meeting_errors(meeting, meeting, row=4) == []
    assert_cites_a_clause_in_both_languages([*notice_errors(notice_to, notice_to), early])
