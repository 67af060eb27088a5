"""The eligibility engine (certs.eligibility) on every row of a results batch.

A row carries the person's facts; the titles this registry issued them (found by the
ID-number hash) are added as proven, with their decision dates. A row the engine finds
``not_eligible`` refuses the batch, naming the clause; one that ``needs_committee_judgement``
passes only when the committee's ``judged`` lists every condition left open."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.eligibility import NEEDS_COMMITTEE, NOT_ELIGIBLE, EligibilitySettings, Title, evaluate
from certs.eligibility.engine import (
    NEEDS_JUDGEMENT,
    NOT_MET,
    PART_TIME_CHOICES,
    Condition,
    Verdict,
)
from certs.eligibility.facts import LEVEL_TIERS
from certs.errors import FieldError
from registry.batches.schemas import FACTS_REQUIRED
from registry.certificates.models import Certificate, Holder
from registry.config import ELIGIBILITY_REFERENCES
from webbase.eligibility import build_facts

# What the years are counted to (the bureau's setting, REGISTRY_ELIGIBILITY_REFERENCE).
REFERENCES = ELIGIBILITY_REFERENCES


@dataclass(frozen=True)
class EligibilityPolicy:
    """The bureau's choices for the engine on batch rows."""

    reference: str = "meeting_date"
    part_time: str = "committee"

    def __post_init__(self) -> None:
        if self.reference not in REFERENCES or self.part_time not in PART_TIME_CHOICES:
            raise ValueError(f"unknown eligibility policy {self.reference}/{self.part_time}")

    @property
    def settings(self) -> EligibilitySettings:
        return EligibilitySettings(part_time=self.part_time)

    def reference_date(self, meeting_date: dt.date, today: dt.date) -> dt.date:
        return meeting_date if self.reference == "meeting_date" else today


DEFAULT_POLICY = EligibilityPolicy()


def proven_titles(session: Session, hashes: Iterable[str], chunk: int) -> dict[str, list[Title]]:
    """Each person's valid titles in this registry, as the engine's proven titles."""
    statement = (
        select(
            Holder.id_number_hash, Certificate.level, Certificate.decision_date, Certificate.serial
        )
        .join(Certificate, Certificate.holder_id == Holder.id)
        .where(Certificate.status == "valid")
    )
    found: dict[str, list[Title]] = defaultdict(list)
    wanted = list(set(hashes))
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        for digest, level, decided, serial in session.execute(
            statement.where(Holder.id_number_hash.in_(part))
        ):
            tier = LEVEL_TIERS.get(level)
            if tier is not None:
                found[digest].append(
                    Title(tier, decided, level=level, proven=True, certificate_number=serial)
                )
    return found


@dataclass
class RowEligibility:
    """The engine on one row after another (the policy read once, the titles looked up
    once for the batch)."""

    policy: EligibilityPolicy
    proven: dict[str, list[Title]]
    today: dt.date

    def verdict(self, data: dict[str, Any], digest: str) -> Verdict:
        ground = data.get("route_ground")
        grounds = (
            [{"code": ground, "basis": data.get("route_basis"), **(data["ground_details"] or {})}]
            if ground
            else []
        )
        facts = build_facts(
            data["facts"],
            level=data["level"],
            reference_date=self.policy.reference_date(data["meeting_date"], self.today),
            route=data["route"],
            category=data["evaluation_track"],
            grounds=_grounds(grounds),
            judged=frozenset(data["judged"]),
            proven_titles=tuple(self.proven.get(digest, ())),
        )
        return evaluate(facts, self.policy.settings)

    def errors(
        self, number: int, data: dict[str, Any], digest: str
    ) -> tuple[list[FieldError], Verdict | None]:
        """Why the row cannot stand (empty: it can), and the engine's verdict."""
        if data.get("facts") is None:
            return [
                FieldError(
                    "facts", FACTS_REQUIRED.code, str(FACTS_REQUIRED), FACTS_REQUIRED.zh, row=number
                )
            ], None
        found = _inconsistencies(number, data)
        if found:
            return found, None
        verdict = self.verdict(data, digest)
        if verdict.outcome == NOT_ELIGIBLE:
            found = [_not_met(number, c) for c in verdict.conditions if c.status == NOT_MET]
        elif verdict.outcome == NEEDS_COMMITTEE:
            found = [_not_judged(number, c) for c in _open(verdict.conditions)]
        return found, verdict


def _grounds(grounds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("code", "rank", "award_grade", "award_level", "standard_kind", "basis")
    return [{key: ground.get(key) for key in keys} for ground in grounds]


def _inconsistencies(number: int, data: dict[str, Any]) -> list[FieldError]:
    """A row that says one thing and its facts another: refused rather than guessed at."""
    found = []
    school_class = data.get("technical_school_class")
    schools = {
        e.get("technical_school_class")
        for e in data["facts"].get("educations", [])
        if e["kind"] == "technical_school"
    }
    if school_class and school_class not in schools:
        found.append(
            FieldError(
                "facts.educations",
                "technical_school_education_missing",
                f"The row gives the technical school class {school_class}: list that "
                "education (kind technical_school, with its class and graduation date) in "
                "the facts' educations (三(三)2).",
                f"本行填写了技工院校班次 {school_class}：请在学历中列明该技工院校学历"
                "（technical_school，注明班次和毕业日期；三(三)2）。",
                row=number,
            )
        )
    if data.get("ground_details") and not data.get("route_ground"):
        found.append(
            FieldError(
                "ground_details",
                "ground_details_without_ground",
                "ground_details completes the row's route_ground; give the ground, or leave "
                "the details out.",
                "ground_details 用于补充本行的破格/直通车条件（route_ground）；"
                "请填写条件，或删去详情。",
                row=number,
            )
        )
    return found


# Where a condition's facts are given, for the error's field.
def _field(condition: Condition) -> str:
    if condition.clause.startswith("三(三)") or condition.clause.endswith("(四)"):
        return "route_ground"
    if condition.clause.endswith("(三)"):
        return "facts.outputs"
    reasons = [option.reason_zh for option in condition.options if option.status == NOT_MET]
    if reasons and all(r.startswith("无") for r in reasons):
        return "facts.educations"
    if reasons and all(r.startswith(("无", "未取得")) for r in reasons):
        return "facts.titles"
    return "facts.work"


def _not_met(number: int, condition: Condition) -> FieldError:
    options = [o for o in condition.options if o.status == NOT_MET]
    detail_zh = "".join(f"{o.clause}：{o.reason_zh}" for o in options)
    detail_en = " ".join(f"{o.clause}: {o.reason_en}" for o in options)
    return FieldError(
        _field(condition),
        "not_eligible",
        f"Not eligible under {condition.clause} ({condition.wording_en}): {condition.reason_en}"
        + (f" {detail_en}" if detail_en else ""),
        f"不符合{condition.clause}（{condition.wording_zh}）：{condition.reason_zh}{detail_zh}",
        row=number,
    )


def _open(conditions: Iterable[Condition]) -> Iterable[Condition]:
    """The conditions left for the committee, by the clause ``judged`` must name: a route's
    ground is judged under its own clause (三(三)1, 附件五(四)4), not the route's."""
    for condition in conditions:
        if condition.status != NEEDS_JUDGEMENT:
            continue
        grounds = [o for o in condition.options if o.status == NEEDS_JUDGEMENT]
        if grounds and _field(condition) == "route_ground":
            yield from grounds
        else:
            yield condition


def _not_judged(number: int, condition: Condition) -> FieldError:
    return FieldError(
        "judged",
        "judgement_not_recorded",
        f"{condition.clause} ({condition.wording_en}) is for the committee to judge: "
        f"{condition.reason_en} List {condition.clause} in the row's judged once the "
        "committee has judged it.",
        f"{condition.clause}（{condition.wording_zh}）须由评审委员会评议：{condition.reason_zh}"
        f"评审委员会评议后，请在本行的已评议条件（judged）中列明 {condition.clause}。",
        row=number,
    )


def summary(verdict: Verdict) -> dict[str, Any]:
    """The verdict in brief, as the row and the audit trail keep it: no reasons (they quote
    dates of the person's education and work), each condition's clause and status, and
    which titles and qualifications were proven or declared, with their numbers."""
    return {
        "outcome": verdict.outcome,
        "reference_date": verdict.reference_date.isoformat(),
        "conditions": {c.clause: c.status for c in verdict.conditions},
        "proven": [f.certificate_number for f in verdict.facts if f.proof == "proven"],
        "declared": [f.certificate_number for f in verdict.facts if f.proof == "declared"],
    }


def sealed_facts(data: dict[str, Any], protect) -> bytes:
    """The row's facts as sent (after the schema), JSON, sealed."""
    document = {
        "facts": data["facts"],
        "ground_details": data.get("ground_details"),
    }
    return protect(json.dumps(document, ensure_ascii=False, default=dt.date.isoformat).encode())
