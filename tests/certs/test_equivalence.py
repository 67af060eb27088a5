"""The equivalence rule and the tolerant look-up of qualification names (pure)."""

import pytest

from certs.equivalence import (
    BUREAU_RULE,
    POLICY_CLAUSE,
    POLICY_RULE,
    name_key,
    parse_query,
    resolve_level,
    rule_level,
    score,
)
from certs.errors import InvalidInputError
from tests.policy_text import CLAUSES


@pytest.mark.parametrize(
    ("grade", "level"),
    [
        ("junior", "assistant_engineer"),
        ("second_class", "assistant_engineer"),
        ("intermediate", "engineer"),
        ("first_class", "engineer"),
        ("senior", "senior_engineer"),
        ("ungraded", "engineer"),
    ],
)
def test_the_rule_gives_each_grade_its_title(grade, level):
    assert rule_level(grade) == level
    mapping = resolve_level(grade)
    assert (mapping.level, mapping.source, mapping.basis) == (level, "rule", None)


def test_naming_the_rules_own_level_is_still_the_rule():
    assert resolve_level("first_class", "engineer").source == "rule"


def test_another_level_without_a_basis_is_refused_in_both_languages():
    with pytest.raises(InvalidInputError) as refused:
        resolve_level("junior", "technician")
    (error,) = refused.value.errors
    assert (error.field, error.code) == ("basis", "basis_required")
    assert "exception" in error.message and "依据文件" in error.message_zh


def test_an_exception_with_its_basis_overrides_the_rule():
    mapping = resolve_level("junior", "technician", " 人社部发〔2019〕16号 ")
    assert (mapping.level, mapping.source, mapping.basis) == (
        "technician",
        "exception",
        "人社部发〔2019〕16号",
    )


def test_an_unknown_grade_or_level_is_refused():
    with pytest.raises(InvalidInputError):
        resolve_level("master")
    with pytest.raises(InvalidInputError):
        resolve_level("junior", "senior_engineer_professor_grade", "某文件")


@pytest.mark.parametrize(
    "typed",
    [
        "一级建造师",
        "一级注册建造师",
        "壹级建造师",
        "1级建造师",
        "建造师（一级）",
        "建造师(一级)",
        "建造师【一级】",
        "  一 级 建 造 师 ",
        "一级建造师证书",
        "一级建造师执业资格",
    ],
)
def test_look_up_tolerates_the_usual_variants(typed):
    assert score(parse_query(typed), (name_key("建造师"),), "first_class") == 2
    assert score(parse_query(typed), (name_key("建造师"),), "second_class") == 0


def test_registered_or_not_the_name_is_the_same():
    assert name_key("注册消防工程师") == name_key("消防工程师")
    assert parse_query("贰级注册消防工程师") == (name_key("消防工程师"), "second_class")


def test_full_width_brackets_in_an_entrys_name_match_half_width_ones():
    official = "计算机技术与软件专业技术资格（中级）"
    typed = "计算机技术与软件专业技术资格(中级)"
    assert parse_query(typed) == parse_query(official)
    assert score(parse_query(typed), (name_key("计算机技术与软件专业技术资格"),), "intermediate")


def test_without_a_grade_every_grade_answers_and_part_of_a_name_answers_less():
    keys = (name_key("注册安全工程师"), name_key("Certified Safety Engineer"))
    assert score(parse_query("注册安全工程师"), keys, "junior") == 2
    assert score(parse_query("安全工程"), keys, "intermediate") == 1
    assert score(parse_query("safety engineer"), keys, "intermediate") == 1
    assert score(parse_query("建造师"), keys, "intermediate") == 0
    assert score(parse_query("工"), keys, "intermediate") == 0


def test_the_policys_sentence_is_quoted_verbatim_and_the_bureaus_choice_stands_apart():
    clause = CLAUSES[POLICY_CLAUSE]
    assert POLICY_RULE["zh"] in clause
    # The title within a tier is the bureau's: no title is named in the policy's sentence,
    # and the bureau's words are not the policy's.
    assert not any(title in POLICY_RULE["zh"] for title in ("助理工程师", "工程师", "技术员"))
    assert "助理工程师" in BUREAU_RULE["zh"] and "非政策原文" in BUREAU_RULE["zh"]
    assert BUREAU_RULE["zh"] not in clause and "not the policy's words" in BUREAU_RULE["en"]


def test_a_refused_exception_names_the_policys_tier_and_the_bureaus_title_apart():
    with pytest.raises(InvalidInputError) as refused:
        resolve_level("second_class", "technician")
    (error,) = refused.value.errors
    assert "三(三)3" in error.message_zh and "对应职称的初级" in error.message_zh
    assert "市人社局实施口径确定为助理工程师" in error.message_zh
    assert "junior tier" in error.message and "bureau's rule gives assistant_engineer" in (
        error.message
    )
