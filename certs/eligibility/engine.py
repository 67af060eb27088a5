"""The engine: an applicant's facts against the annex (certs.eligibility.annex).

Every condition tried comes back with its clause, the policy's words, whether it holds and
why, in Chinese and English. A condition holds (``met``), does not (``not_met``), is waived
by the route (``waived``), or is one only the committee's experts can weigh
(``needs_judgement``, or ``judged`` once the committee says it weighed it). The verdict is
``not_eligible`` when any condition fails, ``needs_committee_judgement`` when one is left to
the experts, and ``eligible`` otherwise.

Where the annex leaves a choice, the choice is named in the verdict's notes: part-time work
(a bureau setting, ``EligibilitySettings.part_time``), what counts as 本专业 (the committee's,
on the periods the applicant declares in the specialty).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from certs.eligibility import annex
from certs.eligibility.annex import Judged, LevelRules, Option
from certs.eligibility.facts import (
    EDUCATIONS,
    OUTPUT_KINDS,
    SKILL_LEVELS,
    TIERS,
    Education,
    Facts,
    GroundClaim,
    Output,
    Qualification,
    Title,
    WorkPeriod,
)
from certs.eligibility.years import Counted, count
from certs.errors import FieldError, InvalidInputError
from certs.levels import get_level
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES

MET, NOT_MET, WAIVED = "met", "not_met", "waived"
NEEDS_JUDGEMENT, JUDGED = "needs_judgement", "judged"
ELIGIBLE, NOT_ELIGIBLE, NEEDS_COMMITTEE = "eligible", "not_eligible", "needs_committee_judgement"
OUTCOMES = {
    ELIGIBLE: ("符合申报条件", "Eligible"),
    NOT_ELIGIBLE: ("不符合申报条件", "Not eligible"),
    NEEDS_COMMITTEE: ("须由评审委员会评议", "Needs the committee's judgement"),
}
PART_TIME_CHOICES = ("committee", "count", "exclude")
# The clauses a route's condition is cited by; its grounds are judged by their own.
ROUTE_CLAUSES = frozenset(
    clause
    for clause, _zh, _en in (annex.EXCEPTIONAL_WAIVER, annex.DIRECT_WAIVER, annex.RELAXED_WAIVER)
)


@dataclass(frozen=True)
class EligibilitySettings:
    """The bureau's choices where the annex leaves one."""

    # Part-time professional work: counted ("count"), not counted ("exclude"), or counted
    # only by the committee's judgement ("committee", the default: a verdict that needs it
    # says so).
    part_time: str = "committee"


class Condition:
    """One condition tried: its clause, the policy's words, its status and why. The reason
    may be given as a function that writes it, called only when the reason is read (a batch
    keeps the statuses of the rows it accepts, not their reasons)."""

    __slots__ = ("_reason", "clause", "options", "status", "wording_en", "wording_zh")

    def __init__(
        self,
        clause: str,
        wording_zh: str,
        wording_en: str,
        status: str,
        reason_zh: str | Callable[[], tuple[str, str]],
        reason_en: str = "",
        options: tuple[Condition, ...] = (),
    ) -> None:
        self.clause = clause
        self.wording_zh = wording_zh
        self.wording_en = wording_en
        self.status = status
        self._reason: tuple[str, str] | Callable[[], tuple[str, str]] = (
            reason_zh if callable(reason_zh) else (reason_zh, reason_en)
        )
        self.options = options

    def __repr__(self) -> str:
        return f"Condition({self.clause!r}, {self.status!r})"

    @property
    def reasons(self) -> tuple[str, str]:
        if callable(self._reason):
            self._reason = self._reason()
        return self._reason

    @property
    def reason_zh(self) -> str:
        return self.reasons[0]

    @property
    def reason_en(self) -> str:
        return self.reasons[1]

    @property
    def holds(self) -> bool | None:
        if self.status in (MET, JUDGED, WAIVED):
            return True
        return False if self.status == NOT_MET else None

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "clause": self.clause,
            "wording_zh": self.wording_zh,
            "wording_en": self.wording_en,
            "status": self.status,
            "holds": self.holds,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }
        if self.options:
            found["options"] = [option.as_dict() for option in self.options]
        return found


@dataclass(frozen=True, slots=True)
class FactProof:
    """A title or qualification the verdict counted, proven or declared (its words are made
    when they are read: a batch keeps only the proof and the number)."""

    held: Title | Qualification

    @property
    def proof(self) -> str:
        return "proven" if self.held.proven else "declared"

    @property
    def certificate_number(self) -> str | None:
        return self.held.certificate_number

    @property
    def fact_zh(self) -> str:
        return _held_words(self.held)[0]

    @property
    def fact_en(self) -> str:
        return _held_words(self.held)[1]

    def as_dict(self) -> dict[str, object]:
        zh, en = _held_words(self.held)
        return {
            "fact_zh": zh,
            "fact_en": en,
            "proof": self.proof,
            "certificate_number": self.certificate_number,
        }


@dataclass(frozen=True)
class Verdict:
    outcome: str
    level: str
    route: str
    reference_date: dt.date
    conditions: tuple[Condition, ...]
    facts: tuple[FactProof, ...] = ()
    notes: tuple[tuple[str, str], ...] = field(default=())  # (zh, en)

    @property
    def open_judgements(self) -> list[str]:
        """The clauses left for the committee to weigh, as its ``judged`` names them: a
        route's ground under its own clause (三(三)1, 附件五(四)4), not the route's."""
        found: list[str] = []
        for c in self.conditions:
            if c.status != NEEDS_JUDGEMENT:
                continue
            grounds = [o.clause for o in c.options if o.status == NEEDS_JUDGEMENT]
            found += grounds if grounds and c.clause in ROUTE_CLAUSES else [c.clause]
        return list(dict.fromkeys(found))

    def as_dict(self) -> dict[str, object]:
        zh, en = OUTCOMES[self.outcome]
        return {
            "outcome": self.outcome,
            "outcome_zh": zh,
            "outcome_en": en,
            "level": self.level,
            "route": self.route,
            "reference_date": self.reference_date.isoformat(),
            "conditions": [c.as_dict() for c in self.conditions],
            "open_judgements": self.open_judgements,
            "facts": [f.as_dict() for f in self.facts],
            "notes": [{"zh": zh, "en": en} for zh, en in self.notes],
        }


def evaluate(facts: Facts, settings: EligibilitySettings | None = None) -> Verdict:
    """The verdict on ``facts`` (pure: the caller looks up what is proven)."""
    settings = settings or EligibilitySettings()
    rules = annex.RULES.get(facts.level)
    if rules is None:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "level",
                    "not_evaluated",
                    f"{facts.level} is not a title one applies for.",
                    f"{facts.level} 不是可申报的职称。",
                )
            ]
        )
    notes: list[tuple[str, str]] = [
        (
            "“本专业”以申报人及单位申报的本专业工作经历为准，是否属于本专业由评审委员会认定。",
            (
                "Work counts as 本专业 (in the specialty) as the applicant and the unit declare "
                "it; whether it is, is the committee's judgement."
            ),
        )
    ]
    conditions: list[Condition] = []
    route_condition, waiver = _route(facts)
    if route_condition is not None:
        conditions.append(route_condition)
    conditions.append(
        _judged(
            facts,
            Judged(annex.PREAMBLE_CLAUSE, annex.PREAMBLE_ZH, annex.PREAMBLE_EN),
        )
    )
    conditions.append(_judged(facts, rules.basic))
    conditions.append(_experience(facts, rules, settings, waiver, notes))
    if rules.achievements:
        conditions.append(_achievement(facts, rules, waiver))
    if rules.outputs is not None:
        conditions.append(_outputs(facts, rules, waiver))
    if facts.skill_level is not None:
        notes.append(_skill_note(facts.skill_level))
    statuses = {c.status for c in conditions}
    if NOT_MET in statuses:
        outcome = NOT_ELIGIBLE
    elif NEEDS_JUDGEMENT in statuses:
        outcome = NEEDS_COMMITTEE
    else:
        outcome = ELIGIBLE
    return Verdict(
        outcome,
        facts.level,
        facts.route,
        facts.reference_date,
        tuple(conditions),
        tuple(_proofs(facts)),
        tuple(notes),
    )


# The route ----------------------------------------------------------------------------------


def _route(facts: Facts) -> tuple[Condition | None, str | None]:
    """The route's condition and what it waives of 附件X(一)2: None, "waived" or "relaxed"."""
    level = facts.level
    if facts.route == "regular":
        return None, None
    if facts.route == "direct_track":
        clause, words, words_en = annex.DIRECT_WAIVER
        if level != "professorate_senior_engineer":
            return _refused(
                clause,
                words,
                words_en,
                "直通车仅适用于正高级工程师。",
                "The direct track leads to 正高级工程师 only.",
            ), None
    elif facts.route == "exceptional":
        if level == "senior_engineer":
            clause, words, words_en = annex.EXCEPTIONAL_WAIVER
        elif level == "professorate_senior_engineer":
            clause, words, words_en = annex.RELAXED_WAIVER
        else:
            clause, words, words_en = annex.RELAXED_WAIVER
            return _refused(
                clause,
                words,
                words_en,
                "破格申报仅适用于高级职称（高级工程师、正高级工程师）。",
                "破格 leads to a 高级 title only (高级工程师, 正高级工程师).",
            ), None
    else:
        return _refused(
            "三(三)",
            facts.route,
            facts.route,
            f"申报途径 {facts.route} 不经评审。",
            f"The route {facts.route} is not one of evaluation.",
        ), None
    tried = [_ground(facts, claim) for claim in facts.grounds]
    if not tried:
        return (
            Condition(
                clause,
                words,
                words_en,
                NOT_MET,
                "未提出破格或直通车所依据的条件。",
                "No ground for the route was given.",
            ),
            None,
        )
    waiver: str | None
    held = [c for c in tried if c.status == MET]
    weighed = [c for c in tried if c.status in (NEEDS_JUDGEMENT, JUDGED)]
    if held:
        status, waiver = MET, "waived"
        zh, en = f"符合{held[0].clause}。", f"{held[0].clause} holds."
    elif weighed:
        status = JUDGED if all(c.status == JUDGED for c in weighed) else NEEDS_JUDGEMENT
        waiver = "waived" if facts.route == "direct_track" or level == "senior_engineer" else None
        if weighed[0].clause == "三(三)1":
            waiver = "relaxed"
        zh = f"{weighed[0].clause} 所列条件由评审委员会评议。"
        en = f"The ground of {weighed[0].clause} is for the committee to weigh."
    else:
        status, waiver = NOT_MET, None
        zh, en = "所提条件均不符合。", "None of the grounds given holds."
    return Condition(clause, words, words_en, status, zh, en, tuple(tried)), waiver


def _refused(clause: str, words: str, words_en: str, zh: str, en: str) -> Condition:
    return Condition(clause, words, words_en, NOT_MET, zh, en)


_RANKED_LIMITS = {"national": 5, "industry": 3, "local": 3}


def _ground(facts: Facts, claim: GroundClaim) -> Condition:
    ground = GROUNDS.get(claim.code)
    if ground is None:
        return Condition(
            "三(三)1",
            claim.code,
            "",
            NOT_MET,
            f"未知条件 {claim.code}。",
            f"Unknown ground {claim.code}.",
        )
    base = (ground.clause, ground.wording_zh, ground.wording_en)
    if ground.route != facts.route or facts.level not in ground.levels:
        titles = "、".join(get_level(code).title_zh for code in ground.levels)
        return Condition(
            *base,
            NOT_MET,
            f"该条件仅适用于{titles}的{_route_zh(ground.route)}。",
            f"This ground opens {ground.route} to {titles} only.",
        )
    if ground.committee_judgement or ground.code == "innovation_achievement":
        status = JUDGED if ground.clause in facts.judged else NEEDS_JUDGEMENT
        return Condition(*base, status, "由评审委员会评议。", "For the committee to weigh.")
    if ground.code == "patent_silver_award":
        if claim.award_grade not in ("gold", "silver"):
            return Condition(
                *base, NOT_MET, "须获银奖及以上。", "A silver award or higher is needed."
            )
        if claim.rank is None or claim.rank > 3:
            return Condition(
                *base,
                NOT_MET,
                f"排名第{claim.rank or '?'}，须排名前三。",
                f"Ranked {claim.rank or '?'}; the first three only.",
            )
        return Condition(
            *base,
            MET,
            f"排名第{claim.rank}，{claim.award_grade}。",
            f"Ranked {claim.rank}, {claim.award_grade}.",
        )
    if ground.code == "standard_drafter":
        limit = _RANKED_LIMITS.get(claim.standard_kind or "")
        if limit is None:
            return Condition(
                *base,
                NOT_MET,
                "须注明国家标准、行业标准或地方标准。",
                "Say whether the standard is national, industry or local.",
            )
        kind_zh = {"national": "国家标准", "industry": "行业标准", "local": "地方标准"}
        if claim.rank is None or claim.rank > limit:
            return Condition(
                *base,
                NOT_MET,
                f"{kind_zh[claim.standard_kind or '']}排名第{claim.rank or '?'}，"
                f"须排名前{'五' if limit == 5 else '三'}。",
                f"Ranked {claim.rank or '?'} on a {claim.standard_kind} standard; "
                f"the first {limit} only.",
            )
        return Condition(
            *base,
            MET,
            f"{kind_zh[claim.standard_kind or '']}排名第{claim.rank}。",
            f"Ranked {claim.rank} on a {claim.standard_kind} standard.",
        )
    if ground.code == "provincial_science_award" and claim.award_level not in (
        "national",
        "provincial",
        "ministerial",
    ):
        return Condition(
            *base,
            NOT_MET,
            "须为省部级及以上科技奖项。",
            "The award must be provincial, ministerial or national.",
        )
    if ground.clause == "三(三)2":
        # The honours are those of 高技能人才 with 高级工以上 (the same sentence of 三(三)2).
        rank = SKILL_LEVELS[facts.skill_level][2] if facts.skill_level else 0
        if rank < SKILL_LEVELS["advanced_worker"][2]:
            return Condition(
                *base,
                NOT_MET,
                "三(三)2 的荣誉适用于具有高级工以上职业资格或职业技能等级的高技能人才。",
                "三(三)2's honours are for skilled workers at 高级工 or above.",
            )
    return Condition(
        *base,
        MET,
        "已申报（待评审委员会核验证书）。",
        "Declared (the committee checks the document).",
    )


def _route_zh(route: str) -> str:
    return {"exceptional": "破格申报", "direct_track": "直通车"}.get(route, route)


# Judged conditions ----------------------------------------------------------------------------


def _judged(facts: Facts, rule: Judged) -> Condition:
    if rule.clause in facts.judged:
        return Condition(
            rule.clause,
            rule.wording_zh,
            rule.wording_en,
            JUDGED,
            "评审委员会已评议。",
            "Judged by the committee.",
        )
    return Condition(
        rule.clause,
        rule.wording_zh,
        rule.wording_en,
        NEEDS_JUDGEMENT,
        "须由评审委员会专家评议。",
        "Only the committee's experts can weigh this.",
    )


# Education and years of work -----------------------------------------------------------------


def _experience(
    facts: Facts,
    rules: LevelRules,
    settings: EligibilitySettings,
    waiver: str | None,
    notes: list[tuple[str, str]],
) -> Condition:
    clause = rules.experience_clause
    words = rules.experience_wording_zh
    words_en = "Education and professional experience meet one of the following."
    if waiver == "waived":
        return Condition(
            clause,
            words,
            words_en,
            WAIVED,
            "按所依据的途径，不受学历、资历限制。",
            "The route waives education and experience.",
        )
    tried = [
        _option(facts, option, settings) for option in rules.options if not option.technical_school
    ]
    regular = [option for option in rules.options if not option.technical_school]
    tried += [
        _technical_option(facts, option, list(zip(regular, tried, strict=True)))
        for option in rules.options
        if option.technical_school
    ]
    if any(o.status == MET for o in tried):
        status, zh, en = MET, "符合其中一项。", "One of them holds."
    elif any(o.status == NEEDS_JUDGEMENT for o in tried):
        status = JUDGED if clause in facts.judged else NEEDS_JUDGEMENT
        zh, en = (
            "计入兼职工作后方可符合，由评审委员会评议。",
            "Holds only with part-time work, which the committee weighs.",
        )
    else:
        status, zh, en = NOT_MET, "均不符合。", "None of them holds."
    if waiver == "relaxed" and status == NOT_MET:
        status = JUDGED if clause in facts.judged else NEEDS_JUDGEMENT
        zh = "均不符合；三(三)1 放宽学历、资历条件，由评审委员会评议。"
        en = "None holds; 三(三)1 relaxes them, for the committee to weigh."
    if settings.part_time != "count" and any(p.part_time for p in facts.work):
        notes.append(
            (
                "兼职工作经历："
                + (
                    "不计入（本局设定）。"
                    if settings.part_time == "exclude"
                    else "仅经评审委员会评议后计入（本局设定）。"
                ),
                "Part-time work: "
                + (
                    "not counted (the bureau's setting)."
                    if settings.part_time == "exclude"
                    else "counted only by the committee's judgement (the bureau's setting)."
                ),
            )
        )
    return Condition(clause, words, words_en, status, zh, en, tuple(tried))


def _years(facts: Facts, since: dt.date, settings: EligibilitySettings) -> tuple[Counted, Counted]:
    """Work in the specialty since ``since``: (without part-time, with it)."""
    full_time, every_period = _periods(facts.work, settings.part_time)
    full = count(full_time, since, facts.reference_date)
    if every_period is None:
        return full, full
    return full, count(every_period, since, facts.reference_date)


@functools.lru_cache(maxsize=256)
def _periods(
    work: tuple[WorkPeriod, ...], part_time: str
) -> tuple[tuple[WorkPeriod, ...], tuple[WorkPeriod, ...] | None]:
    """The periods in the specialty counted as full-time work, and (when part-time work is
    there to weigh) every period in the specialty."""
    specialty = tuple(p for p in work if p.in_specialty)
    if part_time == "count":
        return specialty, None
    full_time = tuple(p for p in specialty if not p.part_time)
    if part_time == "exclude" or len(full_time) == len(specialty):
        return full_time, None
    return full_time, specialty


def _option(facts: Facts, option: Option, settings: EligibilitySettings) -> Condition:
    base = (option.clause, option.wording_zh, option.wording_en)
    reference = facts.reference_date
    educations = (
        [
            e
            for e in facts.educations
            if e.counts_as in option.educations and e.graduated <= reference
        ]
        if option.educations
        else []
    )
    if option.educations and not educations:
        return Condition(*base, NOT_MET, _no_education_zh(option.educations), "No such education.")
    # (since, the title or education it counts from, the education when both count)
    starts: list[tuple[dt.date, Title | Qualification | Education, Education | None]]
    if option.title_tier is not None:
        starts = [
            (h.obtained, h, None) for h in _lower(facts, option.title_tier, option.outside_series)
        ]
        if not starts:
            tier = TIERS[option.title_tier][0]
            kind = "非本系列（专业）" if option.outside_series else ""
            return Condition(
                *base,
                NOT_MET,
                f"未取得{kind}{tier}职称。",
                f"No {'outside-series ' if option.outside_series else ''}"
                f"{TIERS[option.title_tier][1]} title.",
            )
        if educations:
            # 毕业、取得……职称后: the years run from the later of the two.
            first = min(educations, key=lambda e: e.graduated)
            starts = [
                (since, held, None) if since >= first.graduated else (first.graduated, held, first)
                for since, held, _none in starts
            ]
    else:
        starts = [(e.graduated, e, None) for e in educations]
    best = None
    for start in starts:
        full, every = _years(facts, start[0], settings)
        if best is None or (full.days, every.days) > (best[0].days, best[1].days):
            best = (full, every, start)
    if best is None:  # an option needs an education or a title, and both were found above
        raise ValueError(option.clause)
    full, every, (since, held, also) = best
    if full.reaches(option.years):
        status = MET
    elif every.reaches(option.years):
        status = NEEDS_JUDGEMENT
    else:
        status = NOT_MET
    return Condition(
        *base,
        status,
        lambda: _years_reasons(option, status, full, every, since, held, also, reference),
    )


def _years_reasons(
    option: Option,
    status: str,
    full: Counted,
    every: Counted,
    since: dt.date,
    held: Title | Qualification | Education,
    also: Education | None,
    reference: dt.date,
) -> tuple[str, str]:
    """Why an option counted from ``since`` holds or not, in both languages."""
    what_zh, what_en = _education_words(held) if isinstance(held, Education) else _held_words(held)
    if also is not None:
        edu_zh, edu_en = _education_words(also)
        what_zh, what_en = f"{what_zh}、{edu_zh}", f"{what_en} and {edu_en}"
    need_zh = f"满{option.years}年" if option.years else "从事本专业技术工作"
    said_zh = (
        f"{what_zh}（{since.isoformat()}）后至{reference.isoformat()}，本专业技术工作{full.text_zh}"
    )
    said_en = (
        f"after {what_en} ({since.isoformat()}) to {reference.isoformat()}: "
        f"{full.text_en} in the specialty"
    )
    if status == MET:
        return f"{said_zh}，{need_zh}。", f"{said_en}: holds."
    if status == NEEDS_JUDGEMENT:
        return (
            f"{said_zh}；计入兼职为{every.text_zh}，兼职是否计入由评审委员会评议。",
            f"{said_en}; {every.text_en} with part-time work, which the committee weighs.",
        )
    return (
        f"{said_zh}，不足{need_zh}。" if option.years else f"{said_zh}。",
        f"{said_en}: short of {option.years} years." if option.years else f"{said_en}.",
    )


@functools.cache
def _no_education_zh(kinds: tuple[str, ...]) -> str:
    return f"无{'、'.join(EDUCATIONS[k][0] for k in kinds)}学历。"


def _education_words(education: Education) -> tuple[str, str]:
    if education.kind == "technical_school":
        kind = TECHNICAL_SCHOOL_CLASSES[education.technical_school_class or ""]
        return (
            f"技工院校{kind.name_zh}毕业（按{kind.counts_as_zh}学历对待，三(三)2）",
            (
                f"graduating from a technical school's {kind.name_en} "
                f"(as {kind.counts_as_en}, 三(三)2)"
            ),
        )
    zh, en, _rank = EDUCATIONS[education.kind]
    return f"{zh}毕业", f"graduating ({en})"


def _lower(facts: Facts, tier: str, outside_series: bool) -> Iterable[Title | Qualification]:
    """Titles (and, for this series, qualifications) of ``tier`` held by the reference date."""
    for title in facts.titles:
        if title.tier == tier and title.obtained <= facts.reference_date:
            if outside_series and not title.outside_series:
                continue
            yield title
    if not outside_series:
        for qualification in facts.qualifications:
            if qualification.tier == tier and qualification.obtained <= facts.reference_date:
                yield qualification


def _held_words(held: Title | Qualification) -> tuple[str, str]:
    if isinstance(held, Title):
        return _title_words(held)
    return _qualification_words(held)


def _proof_words(proven: bool) -> tuple[str, str]:
    return ("登记在册", "proven: on this register") if proven else ("申报", "declared")


def _title_words(title: Title) -> tuple[str, str]:
    proof_zh, proof_en = _proof_words(title.proven)
    name = (
        get_level(title.level).title_zh
        if title.level
        else f"{title.series}{TIERS[title.tier][0]}职称"
    )
    return f"取得{name}（{proof_zh}）", f"obtaining {name} ({proof_en})"


def _qualification_words(qualification: Qualification) -> tuple[str, str]:
    proof_zh, proof_en = _proof_words(qualification.proven)
    tier = TIERS[qualification.tier][0]
    return (
        f"取得职业资格{qualification.name}（对应{tier}，三(三)3；{proof_zh}）",
        (
            f"obtaining the qualification {qualification.name} (as {TIERS[qualification.tier][1]}, "
            f"三(三)3; {proof_en})"
        ),
    )


def _technical_option(
    facts: Facts, option: Option, tried: list[tuple[Option, Condition]]
) -> Condition:
    """Met when an option above holds through the class's education: counted from the
    graduation (its reason names the school), or, where the years count from a title, with
    the class as the education the option asks for (大学本科及以上学历毕业、取得中级职称后)."""
    base = (option.clause, option.wording_zh, option.wording_en)
    schools = [e for e in facts.educations if e.kind == "technical_school"]
    if not schools:
        return Condition(*base, NOT_MET, "无技工院校学历。", "No technical-school education.")
    clause, words = annex.TECHNICAL_SCHOOL_RULE
    through = [
        c
        for o, c in tried
        if c.status == MET
        and (
            "技工院校" in c.reason_zh
            or (o.title_tier is not None and any(e.counts_as in o.educations for e in schools))
        )
    ]
    if through:
        return Condition(
            *base,
            MET,
            f"按{clause}（{words}），见{through[0].clause}。",
            f"Under {clause} the class counts as an education: see {through[0].clause}.",
        )
    return Condition(
        *base,
        NOT_MET,
        f"按{clause}对待的学历，以上各项均不符合。",
        f"Counted as an education under {clause}, it meets none of the options above.",
    )


# 业绩 and 成果 ------------------------------------------------------------------------------


def _achievement(facts: Facts, rules: LevelRules, waiver: str | None) -> Condition:
    if facts.category is None or facts.category not in rules.achievements:
        clause = rules.achievements["research_design"].clause[:-1]
        status = JUDGED if clause in facts.judged else NEEDS_JUDGEMENT
        return Condition(
            clause,
            "具备下列业绩条件之一",
            "One of the achievement conditions",
            status,
            "未注明人才类型，由评审委员会评议。",
            "No talent category given: for the committee to weigh.",
        )
    return _judged(facts, rules.achievements[facts.category])


def _outputs(facts: Facts, rules: LevelRules, waiver: str | None) -> Condition:
    rule = rules.outputs
    if rule is None:
        raise ValueError(rules.level)
    base = (rule.clause, rule.wording_zh, rule.wording_en)
    since = _since(facts, rules)
    counted = sum(o.count for o in facts.outputs if _counts(o, rule, since, facts.reference_date))
    since_zh = (
        f"{rules.lower_words_zh}（{since.isoformat()}）"
        if since
        else "（未取得下一级职称，按所申报的全部成果计）"
    )
    since_en = (
        f"{rules.lower_words_en} ({since.isoformat()})"
        if since
        else "(no lower title: every output declared counted)"
    )
    said_zh = f"{since_zh}符合要求的成果{counted}项，须{rule.minimum}项及以上"
    said_en = f"{since_en}: {counted} qualifying outputs, {rule.minimum} or more needed"
    if facts.route == "direct_track" and waiver == "waived":
        status = JUDGED if rule.clause in facts.judged else NEEDS_JUDGEMENT
        return Condition(
            *base,
            status,
            f"直通车“不受学历、资历等限制”，成果条件由评审委员会评议；{said_zh}。",
            f"The direct track is free of limits 'such as' education and seniority: "
            f"the committee weighs this; {said_en}.",
        )
    if counted < rule.minimum:
        return Condition(*base, NOT_MET, f"{said_zh}。", f"{said_en}.")
    status = JUDGED if rule.clause in facts.judged else NEEDS_JUDGEMENT
    return Condition(
        *base,
        status,
        f"{said_zh}；其价值与影响由评审委员会评议。",
        f"{said_en}; their value and weight are for the committee.",
    )


def _since(facts: Facts, rules: LevelRules) -> dt.date | None:
    if rules.lower_tier is None:
        return None
    dates = [held.obtained for held in _lower(facts, rules.lower_tier, False)]
    return min(dates) if dates else None


def _counts(
    output: Output, rule: annex.OutputRule, since: dt.date | None, reference: dt.date
) -> bool:
    """Whether ``output`` counts: of a kind and role the rule names, dated (when it is)
    between the lower title and the reference date (取得……以来: since then, up to now)."""
    if output.date is not None and since is not None and output.date < since:
        return False
    if output.date is not None and output.date > reference:
        return False
    if output.kind == "paper":
        return output.role in rule.paper_roles and (
            output.core_journal or not rule.paper_core_journal
        )
    return output.kind in annex.COUNTED_KINDS and output.role in rule.work_roles


def _skill_note(skill_level: str) -> tuple[str, str]:
    clause, words = annex.SKILLED_ENTRY
    zh, en, rank = SKILL_LEVELS[skill_level]
    if rank >= SKILL_LEVELS["advanced_worker"][2]:
        return (
            f"{zh}：{clause}（{words}）。",
            f"{en}: skilled workers at 高级工 or above may apply ({clause}).",
        )
    return (
        f"{zh}：未达高级工，{clause} 的高技能人才通道不适用，仍可按学历申报。",
        (
            f"{en}: below 高级工, so {clause}'s skilled-worker entry does not apply; "
            "education still may."
        ),
    )


def _proofs(facts: Facts) -> Iterable[FactProof]:
    for title in facts.titles:
        yield FactProof(title)
    for qualification in facts.qualifications:
        yield FactProof(qualification)


KIND_NAMES = OUTPUT_KINDS
