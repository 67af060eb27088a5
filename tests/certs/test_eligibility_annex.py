"""The annex (北京市工程技术人才职称评价基本标准条件) as a table of cases for the engine.

Each case names the clause it is about, gives the facts in brief, and says what the engine
must conclude: the outcome (eligible / not_eligible / needs_committee_judgement) and the
status of that clause's condition (met / not_met / waived / needs_judgement / judged).
Numeric conditions (满N年, 排名前N, N项及以上) are tried just inside and just outside.

Unless a case says otherwise, every condition only the committee can weigh (the preamble,
附件X(一)1, the 业绩 of 附件X(二), the 成果 of 附件X(三)) is already judged, and the
applicant has the 成果 their level asks for, so that the outcome turns on the case's clause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from certs.eligibility import annex, years
from certs.eligibility.engine import (
    ELIGIBLE,
    NEEDS_COMMITTEE,
    NOT_ELIGIBLE,
    Condition,
    EligibilitySettings,
    Verdict,
    evaluate,
)
from certs.eligibility.facts import (
    Education,
    Facts,
    GroundClaim,
    Output,
    Qualification,
    Title,
    WorkPeriod,
)
from tests.policy_text import CLAUSES, POLICY_TEXT, source_citations

MET, NOT_MET, WAIVED = "met", "not_met", "waived"
NEEDS, JUDGED = "needs_judgement", "judged"

TECHNICIAN = "technician"
ASSISTANT = "assistant_engineer"
ENGINEER = "engineer"
SENIOR = "senior_engineer"
PROFESSORATE = "professorate_senior_engineer"

REF = dt.date(2025, 7, 1)  # the reference date, unless a case gives its own

# Every clause only the committee can weigh: the annex's opening paragraph, each level's
# 基本条件, 业绩 (each category, and the section when no category is given) and 成果.
ALL_JUDGED = frozenset(
    {annex.PREAMBLE_CLAUSE}
    | {rules.basic.clause for rules in annex.RULES.values()}
    | {j.clause for rules in annex.RULES.values() for j in rules.achievements.values()}
    | {j.clause[:-1] for rules in annex.RULES.values() for j in rules.achievements.values()}
    | {rules.outputs.clause for rules in annex.RULES.values() if rules.outputs}
)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def edu(kind: str, graduated: str) -> Education:
    return Education(kind, day(graduated))


def school(klass: str, graduated: str) -> Education:
    """A 技工院校 class (三(三)2): intermediate_worker, advanced_worker, preparatory_technician."""
    return Education("technical_school", day(graduated), klass)


def job(start: str, end: str | None = None, **kw: bool) -> WorkPeriod:
    return WorkPeriod(day(start), day(end) if end else None, **kw)


def title(tier: str, obtained: str, **kw: object) -> Title:
    return Title(tier, day(obtained), **kw)  # type: ignore[arg-type]


def qual(grade: str, obtained: str) -> Qualification:
    return Qualification("注册工程师", grade, day(obtained))


def paper(role: str = "first_author", core: bool = True, date: str | None = None) -> Output:
    return Output("paper", role, core_journal=core, date=day(date) if date else None)


def work_of(kind: str, role: str = "lead", date: str | None = None) -> Output:
    return Output(kind, role, date=day(date) if date else None)


def ground(code: str, **kw: object) -> GroundClaim:
    return GroundClaim(code, **kw)  # type: ignore[arg-type]


# The 成果 each level asks for (附件三(三): 2 as participant; 附件四(三), 附件五(三): 3 as
# first author in a core journal or as principal), so that a case about something else meets it.
ENOUGH_OUTPUTS = {
    ENGINEER: (paper("participant", core=False), paper("participant", core=False)),
    SENIOR: (paper(), paper(), paper()),
    PROFESSORATE: (paper(), paper(), paper()),
}


def facts(level: str, **kw: object) -> Facts:
    kw.setdefault("reference_date", REF)
    kw.setdefault("category", "research_design")
    kw.setdefault("judged", ALL_JUDGED)
    kw.setdefault("outputs", ENOUGH_OUTPUTS.get(level, ()))
    for key in ("educations", "work", "titles", "qualifications", "outputs", "grounds"):
        if key in kw and not isinstance(kw[key], tuple):
            kw[key] = tuple(kw[key])  # type: ignore[arg-type]
    if isinstance(kw["reference_date"], str):
        kw["reference_date"] = day(kw["reference_date"])
    return Facts(level, **kw)  # type: ignore[arg-type]


def find(verdict: Verdict, clause: str) -> Condition:
    """The first condition citing ``clause``, at the top or among the options under one."""
    stack = list(verdict.conditions)
    while stack:
        condition = stack.pop(0)
        if condition.clause == clause:
            return condition
        stack[:0] = condition.options
    raise AssertionError(f"{clause} not in {[c.clause for c in verdict.conditions]}")


def case(
    case_id: str,
    applicant: Facts,
    clause: str,
    status: str,
    outcome: str,
    settings: EligibilitySettings | None = None,
):
    return pytest.param(applicant, settings, clause, status, outcome, id=case_id)


def without(clause: str) -> frozenset[str]:
    return ALL_JUDGED - {clause}


CASES = [
    # 附件首段 and each level's 基本条件: only the committee can weigh them -------------------
    case(
        "附件首段-preamble-not-yet-judged",
        facts(
            TECHNICIAN,
            educations=[edu("bachelor", "2025-06-01")],
            work=[job("2025-06-01")],
            judged=without("附件首段"),
        ),
        "附件首段",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件一(一)-basic-not-yet-judged",
        facts(
            TECHNICIAN,
            educations=[edu("bachelor", "2025-06-01")],
            work=[job("2025-06-01")],
            judged=without("附件一(一)"),
        ),
        "附件一(一)",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件一(一)-basic-judged-everything-holds",
        facts(TECHNICIAN, educations=[edu("bachelor", "2025-06-01")], work=[job("2025-06-01")]),
        "附件一(一)",
        JUDGED,
        ELIGIBLE,
    ),
    case(
        "附件二(一)-basic-not-yet-judged",
        facts(
            ASSISTANT,
            educations=[edu("master", "2025-06-01")],
            work=[job("2025-06-01")],
            judged=without("附件二(一)"),
        ),
        "附件二(一)",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件三(一)1-basic-not-yet-judged",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            judged=without("附件三(一)1"),
        ),
        "附件三(一)1",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件四(一)1-basic-not-yet-judged",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            judged=without("附件四(一)1"),
        ),
        "附件四(一)1",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件五(一)1-basic-not-yet-judged",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2010-07-01")],
            work=[job("2010-07-01")],
            titles=[title("associate_senior", "2020-07-01", level=SENIOR)],
            judged=without("附件五(一)1"),
        ),
        "附件五(一)1",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件五(一)1-basic-judged-everything-holds",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2010-07-01")],
            work=[job("2010-07-01")],
            titles=[title("associate_senior", "2020-07-01", level=SENIOR)],
        ),
        "附件五(一)1",
        JUDGED,
        ELIGIBLE,
    ),
    # 附件一 技术员 ----------------------------------------------------------------------------
    case(
        "附件一(二)1-本科-one-day-of-work",
        facts(TECHNICIAN, educations=[edu("bachelor", "2025-06-30")], work=[job("2025-06-30")]),
        "附件一(二)1",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件一(二)1-本科-no-work-yet",
        facts(TECHNICIAN, educations=[edu("bachelor", "2025-06-30")], work=[job("2025-07-01")]),
        "附件一(二)1",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件一(二)2-大专-exactly-1-year",
        facts(TECHNICIAN, educations=[edu("college", "2024-07-01")], work=[job("2024-07-01")]),
        "附件一(二)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件一(二)2-中专-1-year-minus-a-day",
        facts(TECHNICIAN, educations=[edu("secondary", "2024-07-02")], work=[job("2024-07-02")]),
        "附件一(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件一(二)2-29-Feb-graduate-满1年-on-28-Feb",
        facts(
            TECHNICIAN,
            reference_date="2021-02-28",
            educations=[edu("college", "2020-02-29")],
            work=[job("2020-02-29")],
        ),
        "附件一(二)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件一(二)2-29-Feb-graduate-not-yet-on-27-Feb",
        facts(
            TECHNICIAN,
            reference_date="2021-02-27",
            educations=[edu("college", "2020-02-29")],
            work=[job("2020-02-29")],
        ),
        "附件一(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件一(二)3-中级工班-as-中专-1-year",
        facts(
            TECHNICIAN,
            educations=[school("intermediate_worker", "2024-07-01")],
            work=[job("2024-07-01")],
        ),
        "附件一(二)3",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件一(二)3-中级工班-as-中专-1-year-minus-a-day",
        facts(
            TECHNICIAN,
            educations=[school("intermediate_worker", "2024-07-02")],
            work=[job("2024-07-02")],
        ),
        "附件一(二)3",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件一(二)3-预备技师班-as-本科-any-work",
        facts(
            TECHNICIAN,
            educations=[school("preparatory_technician", "2025-06-01")],
            work=[job("2025-06-01")],
        ),
        "附件一(二)3",
        MET,
        ELIGIBLE,
    ),
    # 附件二 助理工程师 -----------------------------------------------------------------------
    case(
        "附件二(二)1-硕士-any-work",
        facts(ASSISTANT, educations=[edu("master", "2025-06-01")], work=[job("2025-06-01")]),
        "附件二(二)1",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)2-本科-exactly-1-year",
        facts(ASSISTANT, educations=[edu("bachelor", "2024-07-01")], work=[job("2024-07-01")]),
        "附件二(二)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)2-本科-1-year-minus-a-day",
        facts(ASSISTANT, educations=[edu("bachelor", "2024-07-02")], work=[job("2024-07-02")]),
        "附件二(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)3-大专-exactly-3-years",
        facts(ASSISTANT, educations=[edu("college", "2022-07-01")], work=[job("2022-07-01")]),
        "附件二(二)3",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)3-大专-3-years-minus-a-day",
        facts(ASSISTANT, educations=[edu("college", "2022-07-02")], work=[job("2022-07-02")]),
        "附件二(二)3",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)4-中专-exactly-5-years",
        facts(ASSISTANT, educations=[edu("secondary", "2020-07-01")], work=[job("2020-07-01")]),
        "附件二(二)4",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)4-中专-5-years-minus-a-day",
        facts(ASSISTANT, educations=[edu("secondary", "2020-07-02")], work=[job("2020-07-02")]),
        "附件二(二)4",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)5-高级工班-as-大专-3-years",
        facts(
            ASSISTANT,
            educations=[school("advanced_worker", "2022-07-01")],
            work=[job("2022-07-01")],
        ),
        "附件二(二)5",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)5-中级工班-as-中专-3-years-is-not-5",
        facts(
            ASSISTANT,
            educations=[school("intermediate_worker", "2022-07-01")],
            work=[job("2022-07-01")],
        ),
        "附件二(二)5",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    # Counting the years (附件二(二)2: 本科, 满1年) ----------------------------------------------
    case(
        "附件二(二)2-gap-in-work-366-days-make-a-leap-year",
        facts(
            ASSISTANT,
            reference_date="2024-07-04",
            educations=[edu("bachelor", "2023-01-01")],
            work=[job("2023-01-01", "2023-06-30"), job("2024-01-01")],
        ),
        "附件二(二)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)2-gap-in-work-a-day-short",
        facts(
            ASSISTANT,
            reference_date="2024-07-03",
            educations=[edu("bachelor", "2023-01-01")],
            work=[job("2023-01-01", "2023-06-30"), job("2024-01-01")],
        ),
        "附件二(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)2-overlapping-periods-counted-once-full-year",
        facts(
            ASSISTANT,
            reference_date="2024-07-01",
            educations=[edu("bachelor", "2023-07-01")],
            work=[job("2023-07-01", "2024-03-31"), job("2023-10-01", "2024-06-30")],
        ),
        "附件二(二)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件二(二)2-overlapping-periods-counted-once-a-day-short",
        facts(
            ASSISTANT,
            reference_date="2024-07-01",
            educations=[edu("bachelor", "2023-07-01")],
            work=[job("2023-07-01", "2024-03-31"), job("2023-10-01", "2024-06-29")],
        ),
        "附件二(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)2-work-after-the-reference-date-not-counted",
        facts(
            ASSISTANT,
            reference_date="2024-07-01",
            educations=[edu("bachelor", "2023-07-01")],
            work=[job("2023-07-01", "2024-01-31"), job("2024-08-01", "2025-12-31")],
        ),
        "附件二(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)2-work-outside-the-specialty-not-counted",
        facts(
            ASSISTANT,
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01", "2024-12-31", in_specialty=False), job("2025-01-01")],
        ),
        "附件二(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件二(二)2-part-time-committee-setting-left-to-the-committee",
        facts(
            ASSISTANT,
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01", "2024-12-31"), job("2025-01-01", part_time=True)],
        ),
        "附件二(二)2",
        NEEDS,
        NEEDS_COMMITTEE,
        EligibilitySettings(part_time="committee"),
    ),
    case(
        "附件二(二)-part-time-committee-setting-then-judged",
        facts(
            ASSISTANT,
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01", "2024-12-31"), job("2025-01-01", part_time=True)],
            judged=ALL_JUDGED | {"附件二(二)"},
        ),
        "附件二(二)",
        JUDGED,
        ELIGIBLE,
        EligibilitySettings(part_time="committee"),
    ),
    case(
        "附件二(二)2-part-time-count-setting",
        facts(
            ASSISTANT,
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01", "2024-12-31"), job("2025-01-01", part_time=True)],
        ),
        "附件二(二)2",
        MET,
        ELIGIBLE,
        EligibilitySettings(part_time="count"),
    ),
    case(
        "附件二(二)2-part-time-exclude-setting",
        facts(
            ASSISTANT,
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01", "2024-12-31"), job("2025-01-01", part_time=True)],
        ),
        "附件二(二)2",
        NOT_MET,
        NOT_ELIGIBLE,
        EligibilitySettings(part_time="exclude"),
    ),
    case(
        "附件二(二)2-part-time-not-needed-full-time-suffices",
        facts(
            ASSISTANT,
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01"), job("2024-07-01", part_time=True)],
        ),
        "附件二(二)2",
        MET,
        ELIGIBLE,
        EligibilitySettings(part_time="committee"),
    ),
    # 附件三 工程师: 学历和专业工作经历 ---------------------------------------------------------
    case(
        "附件三(一)2(1)-博士-any-work",
        facts(ENGINEER, educations=[edu("doctorate", "2025-06-01")], work=[job("2025-06-01")]),
        "附件三(一)2(1)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(2)-硕士-exactly-2-years",
        facts(ENGINEER, educations=[edu("master", "2023-07-01")], work=[job("2023-07-01")]),
        "附件三(一)2(2)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(2)-硕士-2-years-minus-a-day",
        facts(ENGINEER, educations=[edu("master", "2023-07-02")], work=[job("2023-07-02")]),
        "附件三(一)2(2)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(3)-本科-exactly-5-years",
        facts(
            ENGINEER,
            reference_date="2021-07-01",
            educations=[edu("bachelor", "2016-07-01")],
            work=[job("2016-07-01")],
        ),
        "附件三(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(3)-本科-4-years-364-days",
        facts(
            ENGINEER,
            reference_date="2021-06-30",
            educations=[edu("bachelor", "2016-07-01")],
            work=[job("2016-07-01")],
        ),
        "附件三(一)2(3)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(3)-work-before-graduation-not-counted",
        facts(
            ENGINEER,
            reference_date="2025-06-30",
            educations=[edu("bachelor", "2020-07-01")],
            work=[job("2018-07-01")],
        ),
        "附件三(一)2(3)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(4)-大专-exactly-7-years",
        facts(ENGINEER, educations=[edu("college", "2018-07-01")], work=[job("2018-07-01")]),
        "附件三(一)2(4)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(4)-大专-7-years-minus-a-day",
        facts(ENGINEER, educations=[edu("college", "2018-07-02")], work=[job("2018-07-02")]),
        "附件三(一)2(4)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(5)-大专-助理级-exactly-4-years",
        facts(
            ENGINEER,
            educations=[edu("college", "2019-07-01")],
            work=[job("2019-07-01")],
            titles=[title("assistant", "2021-07-01", level=ASSISTANT)],
        ),
        "附件三(一)2(5)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(5)-大专-助理级-4-years-minus-a-day",
        facts(
            ENGINEER,
            educations=[edu("college", "2019-07-01")],
            work=[job("2019-07-01")],
            titles=[title("assistant", "2021-07-02", level=ASSISTANT)],
        ),
        "附件三(一)2(5)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(5)-助理级-before-graduation-counts-from-graduation",
        facts(
            ENGINEER,
            educations=[edu("college", "2021-07-02")],
            work=[job("2015-07-01")],
            titles=[title("assistant", "2019-07-01", level=ASSISTANT)],
        ),
        "附件三(一)2(5)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(5)-助理级-before-graduation-4-years-after-graduation",
        facts(
            ENGINEER,
            educations=[edu("college", "2021-07-01")],
            work=[job("2015-07-01")],
            titles=[title("assistant", "2019-07-01", level=ASSISTANT)],
        ),
        "附件三(一)2(5)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(5)-中专-助理级-needs-大专-or-higher",
        facts(
            ENGINEER,
            educations=[edu("secondary", "2015-07-01")],
            work=[job("2015-07-01")],
            titles=[title("assistant", "2020-07-01", level=ASSISTANT)],
        ),
        "附件三(一)2(5)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(5)-二级-qualification-as-助理级-三(三)3",
        facts(
            ENGINEER,
            educations=[edu("college", "2019-07-01")],
            work=[job("2019-07-01")],
            qualifications=[qual("second_class", "2021-07-01")],
        ),
        "附件三(一)2(5)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(6)-预备技师班-as-本科-exactly-5-years",
        facts(
            ENGINEER,
            educations=[school("preparatory_technician", "2020-07-01")],
            work=[job("2020-07-01")],
        ),
        "附件三(一)2(6)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(3)-预备技师班-counts-as-本科-三(三)2",
        facts(
            ENGINEER,
            educations=[school("preparatory_technician", "2020-07-01")],
            work=[job("2020-07-01")],
        ),
        "附件三(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(6)-预备技师班-as-本科-5-years-minus-a-day",
        facts(
            ENGINEER,
            educations=[school("preparatory_technician", "2020-07-02")],
            work=[job("2020-07-02")],
        ),
        "附件三(一)2(6)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(6)-高级工班-as-大专-7-years",
        facts(
            ENGINEER, educations=[school("advanced_worker", "2018-07-01")], work=[job("2018-07-01")]
        ),
        "附件三(一)2(4)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(6)-中级工班-as-中专-has-no-option-for-工程师",
        facts(
            ENGINEER,
            educations=[school("intermediate_worker", "2010-07-01")],
            work=[job("2010-07-01")],
        ),
        "附件三(一)2(6)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(一)2(6)-高级工班-as-大专-with-助理级-4-years-via-2(5)",
        facts(
            ENGINEER,
            educations=[school("advanced_worker", "2019-07-01")],
            work=[job("2019-07-01")],
            titles=[title("assistant", "2021-07-01", level=ASSISTANT)],
        ),
        "附件三(一)2(6)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件三(一)2(6)-中级工班-as-中专-with-助理级-is-not-大专",
        facts(
            ENGINEER,
            educations=[school("intermediate_worker", "2010-07-01")],
            work=[job("2010-07-01")],
            titles=[title("assistant", "2016-07-01", level=ASSISTANT)],
        ),
        "附件三(一)2(5)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    # 附件三 工程师: 业绩 and 成果 -----------------------------------------------------------
    case(
        "附件三(二)-no-category-given",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            category=None,
            judged=without("附件三(二)"),
        ),
        "附件三(二)",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件三(二)1-research-design-not-yet-judged",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            judged=without("附件三(二)1"),
        ),
        "附件三(二)1",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件三(二)2-application-practice-judged",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            category="application_practice",
        ),
        "附件三(二)2",
        JUDGED,
        ELIGIBLE,
    ),
    case(
        "附件三(二)3-transfer-service-not-yet-judged",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            category="transfer_service",
            judged=without("附件三(二)3"),
        ),
        "附件三(二)3",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件三(三)-one-output-as-participant-refused",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            outputs=[paper("participant", core=False)],
        ),
        "附件三(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(三)-two-outputs-as-participant-go-to-the-committee",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            outputs=[paper("participant", core=False), work_of("technical_report", "participant")],
            judged=without("附件三(三)"),
        ),
        "附件三(三)",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件三(三)-output-before-the-助理级-title-not-counted",
        facts(
            ENGINEER,
            educations=[edu("college", "2015-07-01")],
            work=[job("2015-07-01")],
            titles=[title("assistant", "2019-07-01", level=ASSISTANT)],
            outputs=[
                paper("participant", core=False, date="2019-06-30"),
                paper("participant", core=False, date="2019-07-01"),
            ],
        ),
        "附件三(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件三(三)-utility-patent-is-not-an-invention-patent",
        facts(
            ENGINEER,
            educations=[edu("doctorate", "2025-06-01")],
            work=[job("2025-06-01")],
            outputs=[paper("participant", core=False), work_of("patent", "participant")],
        ),
        "附件三(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "三(三)1-破格-refused-for-工程师",
        facts(
            ENGINEER,
            route="exceptional",
            grounds=[ground("key_breakthrough")],
            educations=[edu("bachelor", "2024-07-01")],
            work=[job("2024-07-01")],
        ),
        "三(三)1",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    # 附件四 高级工程师: 学历和专业工作经历 -----------------------------------------------------
    case(
        "附件四(一)2(1)-博士-exactly-2-years",
        facts(SENIOR, educations=[edu("doctorate", "2023-07-01")], work=[job("2023-07-01")]),
        "附件四(一)2(1)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(1)-博士-2-years-minus-a-day",
        facts(SENIOR, educations=[edu("doctorate", "2023-07-02")], work=[job("2023-07-02")]),
        "附件四(一)2(1)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(2)-硕士-exactly-7-years",
        facts(SENIOR, educations=[edu("master", "2018-07-01")], work=[job("2018-07-01")]),
        "附件四(一)2(2)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(2)-硕士-7-years-minus-a-day",
        facts(SENIOR, educations=[edu("master", "2018-07-02")], work=[job("2018-07-02")]),
        "附件四(一)2(2)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-本科-工程师-exactly-5-years",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            titles=[title("intermediate", "2020-07-01", level=ENGINEER, proven=True)],
        ),
        "附件四(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-本科-工程师-5-years-minus-a-day",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            titles=[title("intermediate", "2020-07-02", level=ENGINEER)],
        ),
        "附件四(一)2(3)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-大专-工程师-needs-本科-or-higher",
        facts(
            SENIOR,
            educations=[edu("college", "2010-07-01")],
            work=[job("2010-07-01")],
            titles=[title("intermediate", "2018-07-01", level=ENGINEER)],
        ),
        "附件四(一)2(3)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-一级-qualification-as-中级-三(三)3",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            qualifications=[qual("first_class", "2020-07-01")],
        ),
        "附件四(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-中级-qualification-as-中级-三(三)3",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            qualifications=[qual("intermediate", "2020-07-01")],
        ),
        "附件四(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-ungraded-qualification-as-中级-三(三)3",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            qualifications=[qual("ungraded", "2020-07-01")],
        ),
        "附件四(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-二级-qualification-is-初级-not-中级",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            qualifications=[qual("second_class", "2014-07-01")],
        ),
        "附件四(一)2(3)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(3)-中级-qualification-5-years-minus-a-day",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            qualifications=[qual("first_class", "2020-07-02")],
        ),
        "附件四(一)2(3)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(4)-非本系列-副高级-exactly-3-years",
        facts(
            SENIOR,
            educations=[edu("college", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2022-07-01", series="economics")],
        ),
        "附件四(一)2(4)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(4)-非本系列-副高级-3-years-minus-a-day",
        facts(
            SENIOR,
            educations=[edu("college", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2022-07-02", series="economics")],
        ),
        "附件四(一)2(4)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(4)-engineering-副高级-of-another-specialty-is-非本专业",
        facts(
            SENIOR,
            educations=[edu("college", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2022-07-01", same_specialty=False, level=SENIOR)],
        ),
        "附件四(一)2(4)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(4)-engineering-副高级-of-the-same-specialty-is-not-非本系列",
        facts(
            SENIOR,
            educations=[edu("college", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2022-07-01", level=SENIOR)],
        ),
        "附件四(一)2(4)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2(5)-预备技师班-as-本科-with-工程师-5-years",
        facts(
            SENIOR,
            educations=[school("preparatory_technician", "2012-07-01")],
            work=[job("2012-07-01")],
            titles=[title("intermediate", "2020-07-01", level=ENGINEER)],
        ),
        "附件四(一)2(5)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(一)2(5)-高级工班-as-大专-with-工程师-not-enough",
        facts(
            SENIOR,
            educations=[school("advanced_worker", "2010-07-01")],
            work=[job("2010-07-01")],
            titles=[title("intermediate", "2018-07-01", level=ENGINEER)],
        ),
        "附件四(一)2(5)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    # 附件四 高级工程师: 业绩 and 成果 -------------------------------------------------------
    case(
        "附件四(二)2-application-practice-not-yet-judged",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            category="application_practice",
            judged=without("附件四(二)2"),
        ),
        "附件四(二)2",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件四(三)-three-first-author-core-papers-go-to-the-committee",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            judged=without("附件四(三)"),
        ),
        "附件四(三)",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件四(三)-two-core-papers-and-a-lead-standard",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            outputs=[paper(), paper(), work_of("technical_standard", "lead")],
        ),
        "附件四(三)",
        JUDGED,
        ELIGIBLE,
    ),
    case(
        "附件四(三)-a-non-core-paper-does-not-count",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            outputs=[paper(), paper(), paper(core=False)],
        ),
        "附件四(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(三)-a-participant-core-paper-does-not-count",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            outputs=[paper(), paper(), paper("participant")],
        ),
        "附件四(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(三)-a-participant-invention-patent-does-not-count",
        facts(
            SENIOR,
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            outputs=[paper(), paper(), work_of("invention_patent", "participant")],
        ),
        "附件四(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(三)-outputs-before-the-中级-title-not-counted",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            titles=[title("intermediate", "2020-07-01", level=ENGINEER)],
            outputs=[paper(date="2020-06-30"), paper(date="2020-07-01"), paper(date="2024-01-01")],
        ),
        "附件四(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(三)-outputs-after-the-reference-date-not-counted",
        facts(
            SENIOR,
            educations=[edu("bachelor", "2012-07-01")],
            work=[job("2012-07-01")],
            titles=[title("intermediate", "2020-07-01", level=ENGINEER)],
            outputs=[paper(date="2021-01-01"), paper(date="2025-07-01"), paper(date="2025-07-02")],
        ),
        "附件四(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    # 附件四(四) and 三(三)1-2: 破格 to 高级工程师 --------------------------------------------
    case(
        "附件四(四)1-provincial-science-award",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("provincial_science_award", award_level="provincial")],
        ),
        "附件四(四)1",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(四)1-award-below-provincial-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("provincial_science_award", award_level="other")],
        ),
        "附件四(四)1",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(一)2-waived-by-破格",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2024-07-01")],
            work=[job("2024-07-01")],
            grounds=[ground("patent_silver_award", award_grade="silver", rank=1)],
        ),
        "附件四(一)2",
        WAIVED,
        ELIGIBLE,
    ),
    case(
        "附件四(四)2-patent-silver-award-ranked-3rd",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("patent_silver_award", award_grade="silver", rank=3)],
        ),
        "附件四(四)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(四)2-patent-silver-award-ranked-4th-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("patent_silver_award", award_grade="silver", rank=4)],
        ),
        "附件四(四)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(四)2-patent-excellence-award-below-silver-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("patent_silver_award", award_grade="excellence", rank=1)],
        ),
        "附件四(四)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(四)3-national-standard-ranked-5th",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("standard_drafter", standard_kind="national", rank=5)],
        ),
        "附件四(四)3",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(四)3-national-standard-ranked-6th-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("standard_drafter", standard_kind="national", rank=6)],
        ),
        "附件四(四)3",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(四)3-industry-standard-ranked-3rd",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("standard_drafter", standard_kind="industry", rank=3)],
        ),
        "附件四(四)3",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件四(四)3-industry-standard-ranked-4th-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("standard_drafter", standard_kind="industry", rank=4)],
        ),
        "附件四(四)3",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(四)3-local-standard-ranked-4th-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("standard_drafter", standard_kind="local", rank=4)],
        ),
        "附件四(四)3",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(四)-破格-without-a-ground-refused",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
        ),
        "附件四(四)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件四(三)-破格-still-needs-the-成果",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            outputs=[paper(), paper()],
            grounds=[ground("patent_silver_award", award_grade="gold", rank=1)],
        ),
        "附件四(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "三(三)2-skills-honour-with-高级工",
        facts(
            SENIOR,
            route="exceptional",
            skill_level="advanced_worker",
            educations=[school("advanced_worker", "2015-07-01")],
            work=[job("2015-07-01")],
            grounds=[ground("skills_honour")],
        ),
        "三(三)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "三(三)2-skills-honour-below-高级工-refused",
        facts(
            SENIOR,
            route="exceptional",
            skill_level="intermediate_worker",
            educations=[school("advanced_worker", "2015-07-01")],
            work=[job("2015-07-01")],
            grounds=[ground("worldskills_award")],
        ),
        "三(三)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "三(三)1-key-breakthrough-to-高级工程师-for-the-committee",
        facts(
            SENIOR,
            route="exceptional",
            educations=[edu("college", "2020-07-01")],
            work=[job("2020-07-01")],
            grounds=[ground("key_breakthrough")],
        ),
        "三(三)1",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件五(四)-直通车-refused-for-高级工程师",
        facts(
            SENIOR,
            route="direct_track",
            educations=[edu("doctorate", "2023-07-01")],
            work=[job("2023-07-01")],
            grounds=[ground("national_science_award")],
        ),
        "附件五(四)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    # 附件五 正高级工程师 ---------------------------------------------------------------------
    case(
        "附件五(一)2(1)-本科-高级工程师-exactly-5-years",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2020-07-01", level=SENIOR)],
        ),
        "附件五(一)2(1)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(一)2(1)-本科-高级工程师-5-years-minus-a-day",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2020-07-02", level=SENIOR)],
        ),
        "附件五(一)2(1)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件五(一)2(1)-大专-高级工程师-needs-本科-or-higher",
        facts(
            PROFESSORATE,
            educations=[edu("college", "2000-07-01")],
            work=[job("2000-07-01")],
            titles=[title("associate_senior", "2015-07-01", level=SENIOR)],
        ),
        "附件五(一)2(1)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件五(一)2(1)-高级-qualification-as-副高级-三(三)3",
        facts(
            PROFESSORATE,
            educations=[edu("master", "2005-07-01")],
            work=[job("2005-07-01")],
            qualifications=[qual("senior", "2020-07-01")],
        ),
        "附件五(一)2(1)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(一)2(2)-非本系列-正高级-exactly-3-years",
        facts(
            PROFESSORATE,
            educations=[edu("college", "2000-07-01")],
            work=[job("2000-07-01")],
            titles=[title("full_senior", "2022-07-01", series="research")],
        ),
        "附件五(一)2(2)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(一)2(2)-非本系列-正高级-3-years-minus-a-day",
        facts(
            PROFESSORATE,
            educations=[edu("college", "2000-07-01")],
            work=[job("2000-07-01")],
            titles=[title("full_senior", "2022-07-02", series="research")],
        ),
        "附件五(一)2(2)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件五(一)2(2)-非本系列-副高级-is-not-正高级",
        facts(
            PROFESSORATE,
            educations=[edu("college", "2000-07-01")],
            work=[job("2000-07-01")],
            titles=[title("associate_senior", "2015-07-01", series="research")],
        ),
        "附件五(一)2(2)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件五(一)2(3)-预备技师班-as-本科-with-高级工程师-5-years",
        facts(
            PROFESSORATE,
            educations=[school("preparatory_technician", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2020-07-01", level=SENIOR)],
        ),
        "附件五(一)2(3)",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(一)2-21-year-old-without-a-lower-title-on-the-regular-route",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2025-06-30")],
            work=[job("2025-06-30")],
            outputs=[],
        ),
        "附件五(一)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件五(二)3-transfer-service-not-yet-judged",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2015-07-01", level=SENIOR)],
            category="transfer_service",
            judged=without("附件五(二)3"),
        ),
        "附件五(二)3",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件五(三)-outputs-before-the-副高级-title-not-counted",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2015-07-01", level=SENIOR)],
            outputs=[
                paper(date="2014-01-01"),
                paper(date="2016-01-01"),
                work_of("monograph", "lead", date="2017-01-01"),
            ],
        ),
        "附件五(三)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "附件五(三)-three-outputs-since-the-副高级-title",
        facts(
            PROFESSORATE,
            educations=[edu("bachelor", "2005-07-01")],
            work=[job("2005-07-01")],
            titles=[title("associate_senior", "2015-07-01", level=SENIOR)],
            outputs=[
                paper(date="2015-07-01"),
                paper(date="2016-01-01"),
                work_of("monograph", "lead", date="2017-01-01"),
            ],
        ),
        "附件五(三)",
        JUDGED,
        ELIGIBLE,
    ),
    # 附件五(四) 直通车 and 三(三)1 破格 to 正高级工程师 ----------------------------------------
    case(
        "附件五(四)1-national-science-award",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("national_science_award")],
            outputs=[],
        ),
        "附件五(四)1",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(四)1-direct-track-waives-education-and-experience",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2024-07-01")],
            work=[job("2024-07-01")],
            grounds=[ground("national_science_award")],
        ),
        "附件五(一)2",
        WAIVED,
        ELIGIBLE,
    ),
    case(
        "附件五(四)2-national-major-project",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("national_major_project")],
        ),
        "附件五(四)2",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(四)3-national-talent-award",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("national_talent_award")],
        ),
        "附件五(四)3",
        MET,
        ELIGIBLE,
    ),
    case(
        "附件五(四)-direct-track-成果-left-to-the-committee",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("national_talent_award")],
            outputs=[],
            judged=without("附件五(三)"),
        ),
        "附件五(三)",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件五(四)4-innovation-for-the-committee",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("innovation_achievement")],
        ),
        "附件五(四)4",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "附件五(四)4-innovation-judged",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("innovation_achievement")],
            judged=ALL_JUDGED | {"附件五(四)4"},
        ),
        "附件五(四)4",
        JUDGED,
        ELIGIBLE,
    ),
    case(
        "附件五(四)-a-破格-ground-does-not-open-the-direct-track",
        facts(
            PROFESSORATE,
            route="direct_track",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("patent_silver_award", award_grade="gold", rank=1)],
        ),
        "附件五(四)",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
    case(
        "三(三)1-破格-to-正高级-relaxes-experience-for-the-committee",
        facts(
            PROFESSORATE,
            route="exceptional",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("key_breakthrough")],
            judged=ALL_JUDGED | {"三(三)1"},
        ),
        "附件五(一)2",
        NEEDS,
        NEEDS_COMMITTEE,
    ),
    case(
        "三(三)1-破格-to-正高级-all-judged",
        facts(
            PROFESSORATE,
            route="exceptional",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("key_breakthrough")],
            judged=ALL_JUDGED | {"三(三)1", "附件五(一)2"},
        ),
        "附件五(一)2",
        JUDGED,
        ELIGIBLE,
    ),
    case(
        "附件四(四)2-a-附件四-ground-does-not-lead-to-正高级",
        facts(
            PROFESSORATE,
            route="exceptional",
            educations=[edu("college", "2018-07-01")],
            work=[job("2018-07-01")],
            grounds=[ground("patent_silver_award", award_grade="gold", rank=1)],
        ),
        "附件四(四)2",
        NOT_MET,
        NOT_ELIGIBLE,
    ),
]


@pytest.mark.parametrize(("applicant", "settings", "clause", "status", "outcome"), CASES)
def test_the_annex_case_by_case(applicant, settings, clause, status, outcome):
    verdict = evaluate(applicant, settings)
    condition = find(verdict, clause)
    assert (condition.status, verdict.outcome) == (status, outcome), [
        (c.clause, c.status, c.reason_zh) for c in verdict.conditions
    ]
    assert condition.reason_zh and condition.reason_en


def test_the_table_is_long_enough_to_be_the_specification():
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


# Judged clauses turn the verdict --------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "applicant_kw", "open_clauses"),
    [
        (TECHNICIAN, {"educations": [edu("college", "2024-07-01")]}, ["附件首段", "附件一(一)"]),
        (ASSISTANT, {"educations": [edu("college", "2022-07-01")]}, ["附件首段", "附件二(一)"]),
        (
            ENGINEER,
            {"educations": [edu("master", "2023-07-01")]},
            ["附件首段", "附件三(一)1", "附件三(二)1", "附件三(三)"],
        ),
        (
            SENIOR,
            {"educations": [edu("master", "2018-07-01")]},
            ["附件首段", "附件四(一)1", "附件四(二)1", "附件四(三)"],
        ),
        (
            PROFESSORATE,
            {
                "educations": [edu("bachelor", "2010-07-01")],
                "titles": [title("associate_senior", "2020-07-01", level=SENIOR)],
            },
            ["附件首段", "附件五(一)1", "附件五(二)1", "附件五(三)"],
        ),
    ],
    ids=[
        "附件一-技术员",
        "附件二-助理工程师",
        "附件三-工程师",
        "附件四-高级工程师",
        "附件五-正高级工程师",
    ],
)
def test_each_level_waits_on_its_qualitative_clauses_until_they_are_judged(
    level, applicant_kw, open_clauses
):
    start = applicant_kw["educations"][0].graduated.isoformat()
    applicant = facts(level, work=[job(start)], judged=frozenset(), **applicant_kw)
    verdict = evaluate(applicant)
    assert verdict.outcome == NEEDS_COMMITTEE
    assert verdict.open_judgements == open_clauses
    judged = evaluate(replace(applicant, judged=frozenset(open_clauses)))
    assert judged.outcome == ELIGIBLE
    assert judged.open_judgements == []
    assert {c.status for c in judged.conditions} == {JUDGED, MET}


def test_judging_does_not_rescue_a_condition_that_fails():
    applicant = facts(
        ENGINEER,
        educations=[edu("bachelor", "2021-07-01")],
        work=[job("2021-07-01")],
        judged=ALL_JUDGED | {"附件三(一)2"},
    )
    assert evaluate(applicant).outcome == NOT_ELIGIBLE


# years: anniversaries and counts at their boundaries ------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2020-02-29", 1, "2021-02-28"),
        ("2020-02-29", 4, "2024-02-29"),
        ("2020-02-29", 5, "2025-02-28"),
        ("2019-02-28", 1, "2020-02-28"),
        ("2019-03-01", 1, "2020-03-01"),
        ("2016-07-01", 5, "2021-07-01"),
        ("2016-07-01", 0, "2016-07-01"),
    ],
)
def test_anniversary(start, n, expected):
    assert years.anniversary(day(start), n) == day(expected)


@pytest.mark.parametrize(
    ("periods", "since", "reference", "whole", "remaining", "days"),
    [
        # One period from the start date: 满N年 on the N-th anniversary, not the day before.
        ([job("2016-07-01")], "2016-07-01", "2021-07-01", 5, 0, 1826),
        ([job("2016-07-01")], "2016-07-01", "2021-06-30", 4, 364, 1825),
        # 29 February: the year is complete on 28 February, not on the 27th.
        ([job("2020-02-29")], "2020-02-29", "2021-02-28", 1, 0, 365),
        ([job("2020-02-29")], "2020-02-29", "2021-02-27", 0, 364, 364),
        # The end day is worked; the reference day is not (the years end on it).
        ([job("2024-07-01", "2025-06-30")], "2000-01-01", "2025-07-01", 1, 0, 365),
        ([job("2024-07-01", "2025-06-29")], "2000-01-01", "2025-07-01", 0, 364, 364),
        # Work after the reference date, and before ``since``, is cut off.
        ([job("2024-07-01", "2030-12-31")], "2000-01-01", "2025-07-01", 1, 0, 365),
        ([job("2020-01-01")], "2024-07-01", "2025-07-01", 1, 0, 365),
        ([job("2025-07-01")], "2000-01-01", "2025-07-01", 0, 0, 0),
        # Overlaps count once, a period inside another adds nothing, a gap adds nothing.
        (
            [job("2024-07-01", "2025-03-31"), job("2024-10-01", "2025-06-30")],
            "2000-01-01",
            "2025-07-01",
            1,
            0,
            365,
        ),
        (
            [job("2024-07-01", "2025-06-30"), job("2024-09-01", "2024-09-30")],
            "2000-01-01",
            "2025-07-01",
            1,
            0,
            365,
        ),
        (
            [job("2024-01-01", "2024-06-30"), job("2025-01-01")],
            "2000-01-01",
            "2025-07-01",
            0,
            363,
            363,
        ),
    ],
    ids=[
        "5-years-on-the-anniversary",
        "4-years-364-days-the-day-before",
        "29-Feb-complete-on-28-Feb",
        "29-Feb-not-on-27-Feb",
        "end-day-included",
        "end-day-one-short",
        "after-reference-cut",
        "before-since-cut",
        "starting-on-the-reference-day-is-nothing",
        "overlap-once",
        "nested-once",
        "gap-skipped",
    ],
)
def test_count(periods, since, reference, whole, remaining, days):
    counted = years.count(periods, day(since), day(reference))
    assert (counted.whole_years, counted.remaining_days, counted.days) == (whole, remaining, days)


def test_count_reaches_zero_years_only_with_some_work():
    assert years.count([job("2025-06-30")], day("2025-01-01"), day("2025-07-01")).reaches(0)
    assert not years.count([], day("2025-01-01"), day("2025-07-01")).reaches(0)


# The clauses the verdicts cite, and their words -----------------------------------------------


def _every_condition(conditions):
    for condition in conditions:
        yield condition
        yield from _every_condition(condition.options)


def _cited():
    for param in CASES:
        applicant, settings, *_ = param.values
        yield from _every_condition(evaluate(applicant, settings).conditions)


def test_every_clause_the_verdicts_cite_is_in_the_policy_text():
    cited = {c.clause for c in _cited()}
    assert len(cited) >= 50
    # The annex's opening paragraph has no number: the engine cites it as 附件首段, and its
    # words are the paragraph's own.
    assert annex.PREAMBLE_CLAUSE in cited
    assert annex.PREAMBLE_ZH in POLICY_TEXT.read_text(encoding="utf-8")
    assert sorted(cited - {annex.PREAMBLE_CLAUSE} - set(CLAUSES)) == []


def test_the_citations_scan_does_not_see_the_preamble_citation():
    # tests/test_citations.py reads citations that reach a section (三(三)1, 附件四(一)2(3)):
    # 附件首段 is no such citation, so the scan neither refuses nor checks it; the test above
    # holds it to the policy text instead.
    assert source_citations(f'"{annex.PREAMBLE_CLAUSE}"') == []


def test_every_condition_quotes_its_clause_verbatim():
    text = POLICY_TEXT.read_text(encoding="utf-8")
    for condition in _cited():
        words = condition.wording_zh.rstrip("；。")
        where = text if condition.clause == annex.PREAMBLE_CLAUSE else CLAUSES[condition.clause]
        assert words in where, (condition.clause, words)
