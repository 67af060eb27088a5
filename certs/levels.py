"""The title levels of the engineering series (工程系列职称层级).

Policy 三(一)1: 初级 splits into 员级 and 助理级, 高级 into 副高级 and 正高级; the five
titles are 技术员, 助理工程师, 工程师, 高级工程师, 正高级工程师. Certificates of
高级工程师（教授级） issued before the reform stay valid, but none is issued anew.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    code: str
    title_zh: str
    title_en: str
    tier: str  # 初级 / 中级 / 副高级 / 正高级
    tier_en: str
    rank: int  # order for "the next title up"
    issuable: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "tier": self.tier,
            "tier_en": self.tier_en,
            "issuable": self.issuable,
        }


LEVELS: tuple[Level, ...] = (
    Level("technician", "技术员", "Technician", "初级（员级）", "Junior (technician grade)", 1),
    Level(
        "assistant_engineer",
        "助理工程师",
        "Assistant Engineer",
        "初级（助理级）",
        "Junior (assistant grade)",
        2,
    ),
    Level("engineer", "工程师", "Engineer", "中级", "Intermediate", 3),
    Level("senior_engineer", "高级工程师", "Senior Engineer", "副高级", "Associate senior", 4),
    Level(
        "professorate_senior_engineer",
        "正高级工程师",
        "Professorate Senior Engineer",
        "正高级",
        "Full senior",
        5,
    ),
    Level(
        "senior_engineer_professor_grade",
        "高级工程师（教授级）",
        "Senior Engineer (Professor Grade, pre-reform)",
        "正高级",
        "Full senior",
        5,
        issuable=False,
    ),
)

BY_CODE: dict[str, Level] = {level.code: level for level in LEVELS}
ISSUABLE_CODES: tuple[str, ...] = tuple(level.code for level in LEVELS if level.issuable)


def get_level(code: str) -> Level:
    """The level with this code; KeyError when there is none."""
    return BY_CODE[code]


# The three talent types of policy 三(二)2, each with its own focus of evaluation (评价重点):
# engineers in research and design, in application and practice, in the transfer of
# results. Not the 评价方式 (how the evaluation was done: certs.evaluation). The API calls
# them ``evaluation_track``.
EVALUATION_TRACKS: dict[str, tuple[str, str]] = {
    "research_design": ("研究设计", "Research and design"),
    "application_practice": ("应用实践", "Application and practice"),
    "transfer_service": ("成果转化服务", "Technology transfer and services"),
}
# An imported title's original records rarely state the talent type; its certificates say
# so rather than invent one. Never a choice for a new title (EVALUATION_TRACKS is).
TRACK_NOT_RECORDED = "not_recorded"
TRACK_NAMES: dict[str, tuple[str, str]] = {
    **EVALUATION_TRACKS,
    TRACK_NOT_RECORDED: ("原证书未载明", "Not stated on the original"),
}


@dataclass(frozen=True)
class Route:
    """How a person came to the title (policy 三(三)1: 破格, 直通车; 三(三)2: 技工院校, the
    skilled-worker honours; 三(三)3: qualification equivalence). The grounds a route rests on,
    and the levels it leads to, are in ``certs.routes``."""

    code: str
    name_zh: str
    name_en: str
    needs_basis: bool  # the particulars it rests on (award, project, certificate) must be named
    # False: kept so that the titles and rows recorded with it still read, but no new
    # certificate takes it.
    for_new_issuance: bool = True


ROUTES: dict[str, Route] = {
    route.code: route
    for route in (
        Route("regular", "正常申报", "Regular application", False),
        Route("exceptional", "破格申报", "Exceptional application (破格)", True),
        Route("direct_track", "直通车", "Direct track for leading talent", True),
        # Not a route but an education equivalence (三(三)2): new certificates record the
        # class in ``technical_school_class`` (certs.routes.TECHNICAL_SCHOOL_CLASSES).
        Route(
            "technical_school",
            "技工院校毕业生",
            "Technical-school graduate",
            False,
            for_new_issuance=False,
        ),
        Route(
            "qualification_equivalence",
            "职业资格对应",
            "Professional qualification equivalence",
            True,
        ),
        # A title of the bureau's existing register (paper, or the earlier e-certificate
        # system), imported and signed as what it is: never a route for a new title.
        Route(
            "imported",
            "登记在册",
            "Entered from the existing register",
            False,
            for_new_issuance=False,
        ),
    )
}
IMPORTED = "imported"
