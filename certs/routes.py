"""Which route leads to which title, on which ground (pure data and rules).

三(三)1 opens two routes past the usual conditions: 直通车 to 正高级工程师 alone, on the four
grounds of 附件五(四); and 破格 to the 高级 titles. 破格 to 高级工程师 rests on a ground of
附件四(四) or on a skilled worker's honour of 三(三)2; to either 高级 title, on the ground
三(三)1 itself names, which is the committee's judgement rather than a document. Every
ground is a closed code with the policy's words; the particulars (which award, which
standard) go in the certificate's free-text basis.

技工院校 is no route (三(三)2): its graduates apply by the usual routes to any level, their
class counting as an education, and that class is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from certs.errors import FieldError
from certs.levels import ROUTES, get_level

SENIOR = "senior_engineer"
PROFESSORATE = "professorate_senior_engineer"


@dataclass(frozen=True)
class Ground:
    """One ground a route may rest on, in the policy's own words."""

    code: str
    route: str
    levels: tuple[str, ...]  # the titles it opens the route to
    clause: str
    wording_zh: str  # verbatim from the clause
    wording_en: str
    committee_judgement: bool = False  # weighed by the committee, not shown by a document

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "route": self.route,
            "clause": self.clause,
            "wording_zh": self.wording_zh,
            "wording_en": self.wording_en,
            "committee_judgement": self.committee_judgement,
        }


GROUNDS: dict[str, Ground] = {
    ground.code: ground
    for ground in (
        # 直通车 to 正高级工程师: 附件五(四).
        Ground(
            "national_science_award",
            "direct_track",
            (PROFESSORATE,),
            "附件五(四)1",
            "获得国家级科技奖项",
            "Won a national science and technology award",
        ),
        Ground(
            "national_major_project",
            "direct_track",
            (PROFESSORATE,),
            "附件五(四)2",
            "主持完成国家级重大科技项目",
            "Led a major national science and technology project to completion",
        ),
        Ground(
            "national_talent_award",
            "direct_track",
            (PROFESSORATE,),
            "附件五(四)3",
            "取得国家级人才表彰奖励",
            "Received a national talent honour or award",
        ),
        Ground(
            "innovation_achievement",
            "direct_track",
            (PROFESSORATE,),
            "附件五(四)4",
            "在自主创新和科技成果转化过程中取得突出成绩",
            "Outstanding results in independent innovation and the transfer of research results",
        ),
        # 破格 to 高级工程师: 附件四(四).
        Ground(
            "provincial_science_award",
            "exceptional",
            (SENIOR,),
            "附件四(四)1",
            "获得省部级及以上科技奖项",
            "Won a science and technology award at provincial or ministerial level or above",
        ),
        Ground(
            "patent_silver_award",
            "exceptional",
            (SENIOR,),
            "附件四(四)2",
            "作为主要完成人（排名前三），获得中国专利银奖、中国外观设计银奖及以上",
            "Among the first three contributors, won the China Patent Silver Award, the China "
            "Design Silver Award or higher",
        ),
        Ground(
            "standard_drafter",
            "exceptional",
            (SENIOR,),
            "附件四(四)3",
            "作为主要起草人（排名前五）编写国家标准；或作为主要起草人（排名前三）编写行业标准或地方标准",
            "Among the first five drafters of a national standard, or the first three of an "
            "industry or local standard",
        ),
        # 破格 to 高级工程师 for highly skilled workers: 三(三)2.
        Ground(
            "skills_honour",
            "exceptional",
            (SENIOR,),
            "三(三)2",
            "获得中华技能大奖、全国技术能手等荣誉称号",
            "Holds an honorary title such as the China Skills Award or National Technical Expert",
        ),
        Ground(
            "skills_master_studio",
            "exceptional",
            (SENIOR,),
            "三(三)2",
            "担任国家级技能大师工作室负责人",
            "Heads a national skills master studio",
        ),
        Ground(
            "worldskills_award",
            "exceptional",
            (SENIOR,),
            "三(三)2",
            "获得世界技能大赛优胜奖及以上名次",
            "Won a Medallion for Excellence or better at the WorldSkills Competition",
        ),
        Ground(
            "state_council_allowance",
            "exceptional",
            (SENIOR,),
            "三(三)2",
            "享受国务院政府特殊津贴人员",
            "Receives the State Council special government allowance",
        ),
        # 破格 to either 高级 title: 三(三)1, the committee's judgement.
        Ground(
            "key_breakthrough",
            "exceptional",
            (SENIOR, PROFESSORATE),
            "三(三)1",
            "取得关键核心技术突破、解决“卡脖子”重大工程技术难题、做出重大贡献",
            "Achieved a breakthrough in key core technology, solved a major engineering "
            "problem that held the country back (卡脖子), made a major contribution",
            committee_judgement=True,
        ),
    )
}


@dataclass(frozen=True)
class TechnicalSchoolClass:
    """A 技工院校 class and the education it counts as (三(三)2)."""

    code: str
    name_zh: str
    name_en: str
    counts_as_zh: str
    counts_as_en: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "counts_as_zh": self.counts_as_zh,
            "counts_as_en": self.counts_as_en,
        }


TECHNICAL_SCHOOL_CLASSES: dict[str, TechnicalSchoolClass] = {
    kind.code: kind
    for kind in (
        TechnicalSchoolClass(
            "intermediate_worker",
            "中级工班",
            "Intermediate-worker class",
            "中专",
            "secondary vocational school",
        ),
        TechnicalSchoolClass(
            "advanced_worker", "高级工班", "Advanced-worker class", "大专", "junior college"
        ),
        TechnicalSchoolClass(
            "preparatory_technician",
            "预备技师（技师）班",
            "Preparatory technician (technician) class",
            "本科",
            "bachelor's degree",
        ),
    )
}


def route_levels(route: str) -> tuple[str, ...] | None:
    """The titles a route leads to (None: any), as its grounds open it."""
    levels = [
        level for ground in GROUNDS.values() if ground.route == route for level in ground.levels
    ]
    return tuple(dict.fromkeys(levels)) or None


def grounds_for(route: str, level: str) -> list[Ground]:
    return [g for g in GROUNDS.values() if g.route == route and level in g.levels]


# Why a route is limited, in the policy's words: (English, Chinese).
_ROUTE_RULES = {
    "direct_track": (
        (
            "直通车 leads to 正高级工程师 only (三(三)1: "
            "可按规定申报北京市高端领军人才正高级工程师直通车评审; 附件五(四))."
        ),
        (
            "直通车仅适用于正高级工程师（三(三)1："
            "可按规定申报北京市高端领军人才正高级工程师直通车评审；附件五(四)）。"
        ),
    ),
    "exceptional": (
        (
            "破格 leads to a 高级 title only, 高级工程师 or 正高级工程师 (三(三)1: "
            "可按规定破格申报高级职称评审; 附件四(四))."
        ),
        (
            "破格申报仅适用于高级职称，即高级工程师、正高级工程师（三(三)1："
            "可按规定破格申报高级职称评审；附件四(四)）。"
        ),
    ),
}


def route_errors(
    level: str, route: str, ground: str | None, *, new: bool = True
) -> list[FieldError]:
    """Why ``route`` on ``ground`` cannot lead to ``level`` (empty: it can). ``new=False``
    for what was recorded before these rules: its old route and a missing ground stand."""
    found = ROUTES[route]
    if new and not found.for_new_issuance:
        return [_not_a_route()]
    levels = route_levels(route)
    if levels is not None and level not in levels:
        en, zh = _ROUTE_RULES[route]
        return [FieldError("route", "route_not_for_level", en, zh)]
    if ground is None:
        return [_ground_required(route, level)] if new and levels is not None else []
    return _ground_errors(level, route, GROUNDS[ground])


def _ground_errors(level: str, route: str, ground: Ground) -> list[FieldError]:
    name = ROUTES[route]
    if ground.route != route:
        opens = ROUTES[ground.route]
        return [
            FieldError(
                "route_ground",
                "ground_not_for_route",
                f"The ground {ground.code} ({ground.clause}) is one of {opens.name_en}, not of "
                f"the route {route}.",
                f"条件 {ground.code}（{ground.clause}）适用于“{opens.name_zh}”，"
                f"不适用于“{name.name_zh}”。",
            )
        ]
    if level not in ground.levels:
        titles = [get_level(code).title_zh for code in ground.levels]
        return [
            FieldError(
                "route_ground",
                "ground_not_for_level",
                f"The ground {ground.code} ({ground.clause}: {ground.wording_zh}) opens "
                f"{name.name_zh} to {' or '.join(titles)} only.",
                f"条件 {ground.code}（{ground.clause}：{ground.wording_zh}）仅适用于"
                f"{name.name_zh}{'、'.join(titles)}。",
            )
        ]
    return []


def _ground_required(route: str, level: str) -> FieldError:
    name = ROUTES[route]
    choices_en = "; ".join(f"{g.code} ({g.clause})" for g in grounds_for(route, level))
    choices_zh = "；".join(
        f"{g.code}（{g.clause}：{g.wording_zh}）" for g in grounds_for(route, level)
    )
    return FieldError(
        "route_ground",
        "ground_required",
        f"The route {route} rests on one of the policy's grounds: give its code in "
        f"route_ground ({choices_en}), and the particulars in route_basis.",
        f"“{name.name_zh}”须在 route_ground 中注明所依据的条件：{choices_zh}；"
        "具体情况填写在 route_basis 中。",
    )


def _not_a_route() -> FieldError:
    classes_en = ", ".join(
        f"{c.code} ({c.name_zh}, as {c.counts_as_en})" for c in TECHNICAL_SCHOOL_CLASSES.values()
    )
    classes_zh = "、".join(
        f"{c.name_zh}（{c.code}，按{c.counts_as_zh}）" for c in TECHNICAL_SCHOOL_CLASSES.values()
    )
    return FieldError(
        "route",
        "not_a_route",
        "技工院校毕业生 is not a route but an education equivalence (三(三)2: 技工院校中级工班、"
        "高级工班、预备技师（技师）班毕业生申报相应专业职称评审时，可分别按相当于中专、大专、本科"
        "学历对待): give the route the person applied by (regular, say) and the class in "
        f"technical_school_class: {classes_en}.",
        "技工院校毕业生不是申报途径，而是学历对待（三(三)2：技工院校中级工班、高级工班、预备技师"
        "（技师）班毕业生申报相应专业职称评审时，可分别按相当于中专、大专、本科学历对待）：请填写实际"
        f"申报途径（如正常申报），并在 technical_school_class 中注明班次：{classes_zh}。",
    )
