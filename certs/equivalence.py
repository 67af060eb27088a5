"""Qualification-to-title equivalence (职业资格与职称对应), policy 三(三)3.

Two things, kept apart. The policy's words (``POLICY_RULE``) pair a qualification's grade
with a title *tier*: 初级 (二级) with 初级, 中级 (一级) with 中级, 高级 with 高级, an
ungraded one with 中级 (``Grade.tier``); and 除国家另有规定外, says the same clause.

The bureau's implementing choice (``BUREAU_RULE``, ``TIER_LEVELS``) picks the title within a
tier, which the policy does not: the 初级 tier has two titles (三(一)1: 员级 技术员 and 助理级
助理工程师), and we give 助理工程师, because the graded qualifications on the list are passed
by examination with a degree as the entry condition, which is the 助理级 standard, and the
national pairing of 二级建造师 with 助理工程师 reads the same way. The 高级 tier has two
(副高级, 正高级); we give 高级工程师 (副高级): nothing in the policy makes a qualification
worth a 正高级 title. An entry may give 技术员 (or any other level) instead, but then it is an
exception and must name the document it rests on.

Pure: no I/O. The registry stores what ``resolve_level`` decides; verify matches a
typed name with ``name_key`` and ``parse_query``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from certs.errors import FieldError, InvalidInputError
from certs.levels import ISSUABLE_CODES, get_level


@dataclass(frozen=True)
class Grade:
    code: str
    name_zh: str
    name_en: str
    tier: str  # the title tier the policy pairs it with (三(三)3): 初级 / 中级 / 高级


GRADES: dict[str, Grade] = {
    grade.code: grade
    for grade in (
        Grade("junior", "初级", "Junior", "初级"),
        Grade("second_class", "二级", "Second class", "初级"),
        Grade("intermediate", "中级", "Intermediate", "中级"),
        Grade("first_class", "一级", "First class", "中级"),
        Grade("senior", "高级", "Senior", "高级"),
        Grade("ungraded", "不分级", "Ungraded", "中级"),
    )
}
# The title each tier gives: the bureau's choice within the tier the policy names (see the
# module's docstring), not the policy's words.
TIER_LEVELS = {"初级": "assistant_engineer", "中级": "engineer", "高级": "senior_engineer"}
TIER_EN = {"初级": "junior", "中级": "intermediate", "高级": "senior"}

POLICY_CLAUSE = "三(三)3"
# The policy's sentence, verbatim, and a translation.
POLICY_RULE = {
    "zh": "其中，职业资格分级设置的，其初级（二级）、中级（一级）、高级分别对应职称的初级、中级、"
    "高级，未分级设置的对应中级职称。",
    "en": "Where a professional qualification is graded, its junior (second-class), "
    "intermediate (first-class) and senior grades correspond to the junior, intermediate and "
    "senior tiers of titles respectively; an ungraded one corresponds to an intermediate "
    "title. (Translation of the policy's words.)",
}
# How the bureau applies it: the title within each tier.
BUREAU_RULE = {
    "zh": "市人力资源社会保障局的实施口径（非政策原文）：初级职称分设员级和助理级，对应初级的"
    "职业资格确定为助理工程师（助理级）；中级职称为工程师；高级职称分设副高级和正高级，对应高级"
    "的职业资格确定为高级工程师（副高级）。清单中标为“例外”的条目确定为其他层级，并注明依据文件。",
    "en": "The bureau's implementing choice (not the policy's words): the junior tier has two "
    "titles, and a qualification paired with it gives Assistant Engineer (助理工程师, "
    "assistant grade); the intermediate tier is Engineer (工程师); the senior tier has two, "
    "and a qualification paired with it gives Senior Engineer (高级工程师, associate "
    "senior). An entry marked exception gives another level and names the document it "
    "rests on.",
}

SOURCE_RULE = "rule"
SOURCE_EXCEPTION = "exception"


def rule_level(grade: str) -> str:
    """The title level a qualification of this grade gets: the tier the policy pairs its
    grade with, and the bureau's title within that tier."""
    return TIER_LEVELS[GRADES[grade].tier]


@dataclass(frozen=True)
class Mapping:
    level: str
    source: str  # SOURCE_RULE or SOURCE_EXCEPTION
    basis: str | None  # the document an exception rests on


def resolve_level(grade: str, level: str | None = None, basis: str | None = None) -> Mapping:
    """The level an entry gets: the rule's when none is given; another one only with a basis."""
    if grade not in GRADES:
        raise InvalidInputError(
            errors=[_error("grade", "unknown_grade", "Unknown grade.", "未知的资格等级。")]
        )
    basis = (basis or "").strip() or None
    expected = rule_level(grade)
    if level is None or level == expected:
        return Mapping(expected, SOURCE_RULE, basis)
    if level not in ISSUABLE_CODES:
        raise InvalidInputError(
            errors=[_error("level", "unknown_level", "Unknown title level.", "未知的职称层级。")]
        )
    if basis is None:
        tier, rule_title = GRADES[grade].tier, get_level(expected).title_zh
        raise InvalidInputError(
            errors=[
                _error(
                    "basis",
                    "basis_required",
                    f"Policy {POLICY_CLAUSE} pairs grade {grade} with the {TIER_EN[tier]} "
                    f"tier, within which the bureau's rule gives {expected}; another level is "
                    "an exception and must name the document (文号) it rests on.",
                    f"政策{POLICY_CLAUSE}规定{GRADES[grade].name_zh}对应职称的{tier}，"
                    f"市人社局实施口径确定为{rule_title}；对应其他层级属例外情形，"
                    "须注明依据文件及文号。",
                )
            ]
        )
    return Mapping(level, SOURCE_EXCEPTION, basis)


def _error(field: str, code: str, en: str, zh: str) -> FieldError:
    return FieldError(field, code, en, zh)


# Look-up -------------------------------------------------------------------------------
# How people write the grade: 一级, 壹级, 1级, 一 级, (一级), 初级 ...
_GRADE_WORDS = {
    "一": "first_class",
    "壹": "first_class",
    "1": "first_class",
    "二": "second_class",
    "贰": "second_class",
    "2": "second_class",
    "初": "junior",
    "中": "intermediate",
    "高": "senior",
}
_GRADE_PATTERN = re.compile(r"[(\[]?([一壹1二贰2初中高])级[)\]]?")
_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")"})
# Words that name the kind of document, not the qualification itself.
_NOISE = re.compile(r"注册|(执业|职业)?资格(证书|证)?|证书|\(\)|[·・.,，、:：\-_—/]")


def _normal(text: str) -> str:
    # NFKC folds full-width brackets, digits, letters and spaces into their ASCII forms;
    # spaces go first so that "一 级" reads as a grade.
    folded = unicodedata.normalize("NFKC", text.translate(_BRACKETS)).casefold()
    return _SPACE.sub("", folded)


def name_key(name: str) -> str:
    """A qualification's name reduced to what two spellings of it share."""
    return _NOISE.sub("", _GRADE_PATTERN.sub("", _normal(name)))


def parse_query(text: str) -> tuple[str, str | None]:
    """(name key, grade code or None) of what a person typed, e.g. 一级注册建造师."""
    normal = _normal(text)
    found = _GRADE_PATTERN.search(normal)
    grade = _GRADE_WORDS[found.group(1)] if found else None
    return name_key(normal), grade


def score(query: tuple[str, str | None], keys: tuple[str, ...], grade: str) -> int:
    """How well an entry answers a parsed query: 2 the same name, 1 a name containing the
    query, 0 not at all. ``keys`` are the entry's name keys (Chinese, English).

    A grade in the query must be the entry's (一级 is not 二级); without one, every grade
    of the qualification answers.
    """
    key, wanted = query
    if not key or (wanted is not None and wanted != grade):
        return 0
    if key in keys:
        return 2
    return 1 if len(key) >= 2 and any(key in k for k in keys) else 0
