"""An applicant's facts as JSON, read into ``certs.eligibility.Facts``: the one shape both the
public pre-check (verify) and a results batch's rows (registry) take, so that a person's
facts mean the same wherever they are given. Every refusal names its field, in Chinese and
English."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import marshmallow as ma
from marshmallow import validate

from certs.eligibility import (
    Education,
    Facts,
    GroundClaim,
    Output,
    Qualification,
    Title,
    WorkPeriod,
    annex,
)
from certs.eligibility.facts import (
    CATEGORIES,
    EDUCATIONS,
    LEVEL_TIERS,
    OUTPUT_KINDS,
    QUALIFICATION_TIERS,
    ROLES,
    SKILL_LEVELS,
    TECHNICAL_SCHOOL_EQUIVALENT,
    TIERS,
)
from certs.levels import ISSUABLE_CODES
from certs.routes import GROUNDS
from webbase.validation import Message, text_fault

# Every date of a career falls in these years; the bounds also keep year arithmetic (an
# anniversary, 满N年) inside the calendar.
EARLIEST = dt.date(1940, 1, 1)
LATEST = dt.date(2099, 12, 31)
# However long a career, no applicant has more of these; the caps keep a request small.
MAX_ITEMS = {
    "educations": 10,
    "work": 50,
    "titles": 20,
    "qualifications": 20,
    "outputs": 100,
    "representative_works": 20,
    "grounds": 10,
    "judged": 30,
}
MAX_OUTPUT_COUNT = 999


def _one_of(choices, zh_name: str, en_name: str) -> validate.OneOf:
    listed = ", ".join(choices)
    return validate.OneOf(
        list(choices),
        error=Message(
            f"unknown_{en_name.replace(' ', '_')}",
            f"Unknown {en_name}; one of: {listed}.",
            f"未知的{zh_name}，可选值：{listed}。",
        ),
    )


# The same bounds as the document can state them, for clients and generators of requests.
_IN_BOUNDS = r"^(19[4-9][0-9]|20[0-9][0-9])-[0-9]{2}-[0-9]{2}$"


def _date(required: bool = True, **kwargs: Any) -> ma.fields.Date:
    kwargs["metadata"] = {"pattern": _IN_BOUNDS, **kwargs.get("metadata", {})}
    return ma.fields.Date(
        required=required,
        validate=validate.Range(
            min=EARLIEST,
            max=LATEST,
            error=Message(
                "date_out_of_range",
                f"Must be from {EARLIEST.isoformat()} to {LATEST.isoformat()}.",
                f"日期应在 {EARLIEST.isoformat()} 至 {LATEST.isoformat()} 之间。",
            ),
        ),
        **kwargs,
    )


def _text(max_length: int, required: bool = False, **kwargs: Any) -> ma.fields.String:
    return ma.fields.String(
        required=required,
        validate=validate.Length(
            min=1,
            max=max_length,
            error=Message(
                "invalid_length",
                f"Must be 1 to {max_length} characters.",
                f"长度应为 1 至 {max_length} 个字符。",
            ),
        ),
        **kwargs,
    )


def _list(nested: type[ma.Schema], name: str) -> ma.fields.List:
    limit = MAX_ITEMS[name]
    return ma.fields.List(
        ma.fields.Nested(nested),
        load_default=list,
        validate=validate.Length(
            max=limit,
            error=Message("too_many", f"At most {limit} items.", f"最多 {limit} 项。"),
        ),
    )


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load
    def _refuse_unstorable_text(self, data, **_kwargs):
        if isinstance(data, dict):
            bad = {
                key: [fault]
                for key, value in data.items()
                if isinstance(value, str) and (fault := text_fault(value))
            }
            if bad:
                raise ma.ValidationError(bad)
        return data


class EducationSchema(_Strict):
    kind = ma.fields.String(
        required=True,
        validate=_one_of([*EDUCATIONS, "technical_school"], "学历", "education"),
        metadata={
            "description": "博士 doctorate, 硕士 master, 本科 bachelor, 大专 college, "
            "中专/中等职业学校 secondary, or technical_school (技工院校) with its class"
        },
    )
    graduated = _date(metadata={"description": "Date of graduation (毕业日期)"})
    technical_school_class = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=_one_of(TECHNICAL_SCHOOL_EQUIVALENT, "技工院校班次", "technical school class"),
    )

    @ma.validates_schema
    def _class_with_school(self, data: dict[str, Any], **_kwargs: Any) -> None:
        school = data.get("kind") == "technical_school"
        if school != bool(data.get("technical_school_class")):
            raise ma.ValidationError(
                Message(
                    "class_with_technical_school",
                    "technical_school_class goes with kind technical_school, and only with it.",
                    "技工院校毕业（technical_school）须注明班次，其他学历不填班次。",
                ),
                "technical_school_class",
            )


class WorkPeriodSchema(_Strict):
    start = _date()
    end = _date(
        required=False,
        allow_none=True,
        load_default=None,
        metadata={"description": "Last day (inclusive); null: still at it"},
    )
    in_specialty = ma.fields.Boolean(load_default=True, metadata={"description": "本专业"})
    part_time = ma.fields.Boolean(load_default=False, metadata={"description": "兼职"})

    @ma.validates_schema
    def _ordered(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("end") is not None and data.get("start") and data["end"] < data["start"]:
            raise ma.ValidationError(
                Message("end_before_start", "Ends before it starts.", "结束日期早于开始日期。"),
                "end",
            )


class TitleSchema(_Strict):
    tier = ma.fields.String(
        required=True,
        validate=_one_of(TIERS, "职称层级", "title tier"),
        metadata={
            "description": "员级 technician, 助理级 assistant, 中级 intermediate, "
            "副高级 associate_senior, 正高级 full_senior"
        },
    )
    obtained = _date(metadata={"description": "Date of the decision that gave the title"})
    series = _text(
        40,
        load_default="engineering",
        metadata={
            "description": "engineering (工程系列), or the other series' name (e.g. 经济系列)"
        },
    )
    same_specialty = ma.fields.Boolean(load_default=True)
    certificate_number = _text(60, allow_none=True, load_default=None)


class QualificationSchema(_Strict):
    name = _text(60, required=True)
    grade = ma.fields.String(
        required=True, validate=_one_of(QUALIFICATION_TIERS, "资格等级", "qualification grade")
    )
    obtained = _date()
    certificate_number = _text(60, allow_none=True, load_default=None)


class OutputSchema(_Strict):
    kind = ma.fields.String(
        required=True, validate=_one_of(OUTPUT_KINDS, "成果类型", "output kind")
    )
    role = ma.fields.String(required=True, validate=_one_of(ROLES, "本人角色", "role"))
    count = ma.fields.Integer(
        load_default=1,
        validate=validate.Range(
            min=1,
            max=MAX_OUTPUT_COUNT,
            error=Message(
                "out_of_range", f"1 to {MAX_OUTPUT_COUNT}.", f"应为 1 至 {MAX_OUTPUT_COUNT}。"
            ),
        ),
    )
    core_journal = ma.fields.Boolean(load_default=False, metadata={"description": "核心期刊"})
    date = _date(required=False, allow_none=True, load_default=None)
    title = _text(200, allow_none=True, load_default=None)


class RepresentativeWorkSchema(OutputSchema):
    """A representative work (代表作, 三(二)3): an output with its title, one at a time."""

    title = _text(200, required=True)
    count = ma.fields.Integer(
        load_default=1,
        validate=validate.Equal(
            1, error=Message("one_work", "One work per entry.", "每项填写一部代表作。")
        ),
    )


class GroundSchema(_Strict):
    code = ma.fields.String(required=True, validate=_one_of(GROUNDS, "条件", "ground"))
    rank = ma.fields.Integer(
        allow_none=True,
        load_default=None,
        validate=validate.Range(
            min=1, max=999, error=Message("out_of_range", "1 to 999.", "应为 1 至 999。")
        ),
    )
    award_grade = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=_one_of(("gold", "silver", "excellence"), "奖项等级", "award grade"),
    )
    award_level = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=_one_of(
            ("national", "provincial", "ministerial", "other"), "奖项级别", "award level"
        ),
    )
    standard_kind = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=_one_of(("national", "industry", "local"), "标准类别", "standard kind"),
    )
    basis = _text(200, allow_none=True, load_default=None)


class GroundDetailsSchema(GroundSchema):
    """What a results batch's row adds to its ``route_ground`` (the code) and
    ``route_basis`` (the basis): the particulars the ground's clause weighs."""

    class Meta(_Strict.Meta):
        exclude = ("code", "basis")


def judgeable_clauses() -> tuple[str, ...]:
    """Every clause a committee may say it judged: the annex's opening paragraph, each
    level's basic, experience, achievement and output conditions, and each ground."""
    clauses = [annex.PREAMBLE_CLAUSE]
    for rules in annex.RULES.values():
        clauses += [rules.basic.clause, rules.experience_clause]
        clauses += [judged.clause for judged in rules.achievements.values()]
        if rules.achievements:
            clauses.append(rules.achievements["research_design"].clause[:-1])
        if rules.outputs is not None:
            clauses.append(rules.outputs.clause)
    clauses += [ground.clause for ground in GROUNDS.values()]
    clauses += [annex.EXCEPTIONAL_WAIVER[0], annex.DIRECT_WAIVER[0]]
    return tuple(dict.fromkeys(clauses))


JUDGEABLE_CLAUSES = judgeable_clauses()


def judged_field(**kwargs: Any) -> ma.fields.List:
    """The clauses the committee judged (每项为条款编号，如 附件四(一)1)."""
    return ma.fields.List(
        ma.fields.String(validate=_one_of(JUDGEABLE_CLAUSES, "条款", "clause")),
        validate=validate.Length(
            max=MAX_ITEMS["judged"],
            error=Message(
                "too_many",
                f"At most {MAX_ITEMS['judged']} items.",
                f"最多 {MAX_ITEMS['judged']} 项。",
            ),
        ),
        **kwargs,
    )


class ApplicantFactsSchema(_Strict):
    """What an applicant has: the lists a results batch's row carries as its ``facts``."""

    educations = _list(EducationSchema, "educations")
    work = _list(WorkPeriodSchema, "work")
    titles = _list(TitleSchema, "titles")
    qualifications = _list(QualificationSchema, "qualifications")
    skill_level = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=_one_of(SKILL_LEVELS, "技能等级", "skill level"),
    )
    outputs = _list(OutputSchema, "outputs")
    representative_works = _list(RepresentativeWorkSchema, "representative_works")


class PrecheckSchema(ApplicantFactsSchema):
    """The public pre-check: the title asked about, on which route, and the facts."""

    level = ma.fields.String(required=True, validate=_one_of(ISSUABLE_CODES, "职称", "level"))
    route = ma.fields.String(
        load_default="regular",
        validate=_one_of(("regular", "exceptional", "direct_track"), "申报途径", "route"),
    )
    category = ma.fields.String(
        allow_none=True, load_default=None, validate=_one_of(CATEGORIES, "人才类型", "category")
    )
    grounds = _list(GroundSchema, "grounds")
    reference_date = _date(
        required=False,
        allow_none=True,
        load_default=None,
        metadata={"description": "The date the years are counted to; default: today in Beijing"},
    )


def build_facts(
    data: dict[str, Any],
    *,
    level: str,
    reference_date: dt.date,
    route: str = "regular",
    category: str | None = None,
    grounds: list[dict[str, Any]] | None = None,
    judged: frozenset[str] = frozenset(),
    proven_titles: tuple[Title, ...] = (),
) -> Facts:
    """``Facts`` from data loaded by one of the schemas above. ``proven_titles``: the titles
    the registry holds for the person (those count as proven; a declared title of the same
    tier and date is then the same title and not counted twice)."""
    proven_keys = {(t.tier, t.obtained) for t in proven_titles}
    declared = tuple(
        Title(
            tier=t["tier"],
            obtained=t["obtained"],
            series=t["series"],
            same_specialty=t["same_specialty"],
            level=_engineering_level(t["tier"]) if t["series"] == "engineering" else None,
            certificate_number=t["certificate_number"],
        )
        for t in data.get("titles", [])
        if (t["tier"], t["obtained"]) not in proven_keys
    )
    outputs = [Output(**o) for o in data.get("outputs", [])]
    outputs += [Output(**w, representative=True) for w in data.get("representative_works", [])]
    return Facts(
        level=level,
        reference_date=reference_date,
        route=route,
        category=category,
        educations=tuple(Education(**e) for e in data.get("educations", [])),
        work=tuple(WorkPeriod(**w) for w in data.get("work", [])),
        titles=proven_titles + declared,
        qualifications=tuple(Qualification(**q) for q in data.get("qualifications", [])),
        skill_level=data.get("skill_level"),
        outputs=tuple(outputs),
        grounds=tuple(GroundClaim(**g) for g in grounds or ()),
        judged=judged,
    )


# The title of the engineering series at each tier (高级工程师（教授级） is issued no more).
_ENGINEERING_LEVELS = {
    tier: level for level, tier in LEVEL_TIERS.items() if level in ISSUABLE_CODES
}


def _engineering_level(tier: str) -> str | None:
    return _ENGINEERING_LEVELS.get(tier)


# The facts of a batch of 10,000 people, read by the schemas above, cost more than every
# other check of the batch together. Facts as a program writes them (every value of its
# JSON type, dates as YYYY-MM-DD) are read here instead, to the same result; anything else
# (a missing or unknown field, a value out of range, "true" for true) returns None, and the
# schema reads it, naming what is wrong.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class _UnusualFactsError(Exception):
    """The fast reading stops: the schema reads the facts instead."""


def _fast_date(value: object, optional: bool = False) -> dt.date | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise _UnusualFactsError
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise _UnusualFactsError from None
    if day < EARLIEST:
        raise _UnusualFactsError
    return day


def _fast_text(value: object, limit: int, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= limit or text_fault(value):
        raise _UnusualFactsError
    return value


def _fast_flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _UnusualFactsError
    return value


def _fast_choice(value: object, choices: Any, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in choices:
        raise _UnusualFactsError
    return value


def _fields(entry: object, names: frozenset[str], required: frozenset[str]) -> dict[str, Any]:
    if not isinstance(entry, dict) or not required <= entry.keys() <= names:
        raise _UnusualFactsError
    return entry


_EDUCATION = frozenset(("kind", "graduated", "technical_school_class"))
_WORK = frozenset(("start", "end", "in_specialty", "part_time"))
_TITLE = frozenset(("tier", "obtained", "series", "same_specialty", "certificate_number"))
_QUALIFICATION = frozenset(("name", "grade", "obtained", "certificate_number"))
_OUTPUT = frozenset(("kind", "role", "count", "core_journal", "date", "title"))
_FACTS = frozenset((*MAX_ITEMS,)) - {"grounds", "judged"} | {"skill_level"}
_EDUCATION_KINDS = frozenset((*EDUCATIONS, "technical_school"))


def _education(e: object) -> dict[str, Any]:
    e = _fields(e, _EDUCATION, frozenset(("kind", "graduated")))
    kind = _fast_choice(e["kind"], _EDUCATION_KINDS)
    school_class = _fast_choice(
        e.get("technical_school_class"), TECHNICAL_SCHOOL_EQUIVALENT, optional=True
    )
    if (kind == "technical_school") != bool(school_class):
        raise _UnusualFactsError
    return {
        "kind": kind,
        "graduated": _fast_date(e["graduated"]),
        "technical_school_class": school_class,
    }


def _work(w: object) -> dict[str, Any]:
    w = _fields(w, _WORK, frozenset(("start",)))
    start, end = _fast_date(w["start"]), _fast_date(w.get("end"), optional=True)
    if end is not None and start is not None and end < start:
        raise _UnusualFactsError
    return {
        "start": start,
        "end": end,
        "in_specialty": _fast_flag(w.get("in_specialty", True)),
        "part_time": _fast_flag(w.get("part_time", False)),
    }


def _title(t: object) -> dict[str, Any]:
    t = _fields(t, _TITLE, frozenset(("tier", "obtained")))
    return {
        "tier": _fast_choice(t["tier"], TIERS),
        "obtained": _fast_date(t["obtained"]),
        "series": _fast_text(t.get("series", "engineering"), 40, optional=False),
        "same_specialty": _fast_flag(t.get("same_specialty", True)),
        "certificate_number": _fast_text(t.get("certificate_number"), 60),
    }


def _qualification(q: object) -> dict[str, Any]:
    q = _fields(q, _QUALIFICATION, frozenset(("name", "grade", "obtained")))
    return {
        "name": _fast_text(q["name"], 60, optional=False),
        "grade": _fast_choice(q["grade"], QUALIFICATION_TIERS),
        "obtained": _fast_date(q["obtained"]),
        "certificate_number": _fast_text(q.get("certificate_number"), 60),
    }


def _output(o: object, representative: bool = False) -> dict[str, Any]:
    o = _fields(
        o, _OUTPUT, frozenset(("kind", "role", "title") if representative else ("kind", "role"))
    )
    count = o.get("count", 1)
    if type(count) is not int or not 1 <= count <= (1 if representative else MAX_OUTPUT_COUNT):
        raise _UnusualFactsError
    return {
        "kind": _fast_choice(o["kind"], OUTPUT_KINDS),
        "role": _fast_choice(o["role"], ROLES),
        "count": count,
        "core_journal": _fast_flag(o.get("core_journal", False)),
        "date": _fast_date(o.get("date"), optional=True),
        "title": _fast_text(o.get("title"), 200, optional=not representative),
    }


_LISTS: tuple[tuple[str, Any], ...] = (
    ("educations", _education),
    ("work", _work),
    ("titles", _title),
    ("qualifications", _qualification),
    ("outputs", _output),
    ("representative_works", lambda w: _output(w, representative=True)),
)


def fast_facts(data: object) -> dict[str, Any] | None:
    """What ``ApplicantFactsSchema().load(data)`` gives, for facts as a program writes
    them; None for anything else (the schema then reads them, and names the fault)."""
    try:
        facts = _fields(data, _FACTS, frozenset())
        loaded: dict[str, Any] = {}
        for name, read in _LISTS:
            items = facts.get(name, [])
            if not isinstance(items, list) or len(items) > MAX_ITEMS[name]:
                raise _UnusualFactsError
            loaded[name] = [read(item) for item in items]
        loaded["skill_level"] = _fast_choice(facts.get("skill_level"), SKILL_LEVELS, optional=True)
    except _UnusualFactsError:
        return None
    return loaded
