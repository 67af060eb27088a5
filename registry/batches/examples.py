"""Facts that make a row eligible for its title, route and ground: for the demo batch, the
workbook template's example row, benchmarks and tests. Nobody's real career."""

from __future__ import annotations

from typing import Any

from certs.eligibility import annex
from certs.routes import GROUNDS

# The particulars each ground's clause weighs, as a row gives them in ground_details.
GROUND_DETAILS: dict[str, dict[str, Any]] = {
    "provincial_science_award": {"award_level": "provincial"},
    "patent_silver_award": {"award_grade": "silver", "rank": 2},
    "standard_drafter": {"standard_kind": "national", "rank": 3},
}
# 三(三)2's honours are for skilled workers at 高级工 or above.
SKILLED_GROUND_CLAUSE = "三(三)2"


def eligible_facts(
    level: str,
    route: str = "regular",
    route_ground: str | None = None,
    technical_school_class: str | None = None,
    category: str = "application_practice",
) -> dict[str, Any]:
    """``facts``, ``judged`` and ``ground_details`` for a row (JSON, as a batch sends them):
    a bachelor's degree (or the technical school's class) in 2012, work in the specialty
    since, each lower title five years apart, three outputs as principal contributor, and
    every condition only experts weigh judged."""
    if technical_school_class:
        education = {
            "kind": "technical_school",
            "graduated": "2012-07-01",
            "technical_school_class": technical_school_class,
        }
    else:
        education = {"kind": "bachelor", "graduated": "2012-07-01"}
    facts: dict[str, Any] = {
        "educations": [education],
        "work": [{"start": "2012-07-15"}],
        "titles": [
            {"tier": "assistant", "obtained": "2013-09-01", "certificate_number": "示例-2013-01"},
            {
                "tier": "intermediate",
                "obtained": "2016-09-01",
                "certificate_number": "示例-2016-01",
            },
            {
                "tier": "associate_senior",
                "obtained": "2020-09-01",
                "certificate_number": "示例-2020-01",
            },
        ],
        "outputs": [{"kind": "technical_report", "role": "lead", "count": 3}],
    }
    ground = GROUNDS.get(route_ground or "")
    if ground is not None and ground.clause == SKILLED_GROUND_CLAUSE:
        facts["skill_level"] = "senior_technician"
    return {
        "facts": facts,
        "judged": judged_clauses(level, category, route_ground),
        "ground_details": GROUND_DETAILS.get(route_ground or ""),
    }


def judged_clauses(level: str, category: str, route_ground: str | None = None) -> list[str]:
    """Every condition of ``level`` only the committee can weigh, as a committee that
    reviewed the person lists them."""
    rules = annex.RULES[level]
    clauses = [annex.PREAMBLE_CLAUSE, rules.basic.clause]
    if category in rules.achievements:
        clauses.append(rules.achievements[category].clause)
    if rules.outputs is not None:
        clauses.append(rules.outputs.clause)
    ground = GROUNDS.get(route_ground or "")
    if ground is not None and (
        ground.committee_judgement or ground.code == "innovation_achievement"
    ):
        clauses.append(ground.clause)
    return clauses
