"""An applicant's facts, as the engine reads them (pure data, no I/O).

Each fact says whether it is *proven* (a title this registry issued, found by the holder's
ID-number hash, with its decision date) or only *declared* by the applicant (then with the
certificate number it rests on, for the committee to check against the paper).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Education (学历), in the annex's words, ranked for 及以上 ("or higher").
EDUCATIONS: dict[str, tuple[str, str, int]] = {
    "doctorate": ("博士研究生", "doctorate", 5),
    "master": ("硕士研究生", "master's degree", 4),
    "bachelor": ("大学本科", "bachelor's degree", 3),
    "college": ("大学专科", "junior college", 2),
    "secondary": ("中等职业学校", "secondary vocational school", 1),
}

# What each 技工院校 class counts as (三(三)2: 可分别按相当于中专、大专、本科学历对待).
TECHNICAL_SCHOOL_EQUIVALENT = {
    "intermediate_worker": "secondary",
    "advanced_worker": "college",
    "preparatory_technician": "bachelor",
}

# Title tiers (三(一)1: 员级、助理级、中级、副高级、正高级), lowest first.
TIERS: dict[str, tuple[str, str, int]] = {
    "technician": ("员级", "technician grade", 1),
    "assistant": ("助理级", "assistant grade", 2),
    "intermediate": ("中级", "intermediate", 3),
    "associate_senior": ("副高级", "associate senior", 4),
    "full_senior": ("正高级", "full senior", 5),
}

# The tier of each title of the engineering series (certs.levels codes).
LEVEL_TIERS = {
    "technician": "technician",
    "assistant_engineer": "assistant",
    "engineer": "intermediate",
    "senior_engineer": "associate_senior",
    "professorate_senior_engineer": "full_senior",
    "senior_engineer_professor_grade": "full_senior",
}

# A qualification's grade gives a title tier (三(三)3, as certs.equivalence reads it: 初级
# (二级) -> 初级, 中级 (一级) and ungraded -> 中级, 高级 -> 高级); within the 初级 and 高级
# tiers the bureau's rule picks 助理级 and 副高级 (certs.equivalence.TIER_LEVELS).
QUALIFICATION_TIERS = {
    "junior": "assistant",
    "second_class": "assistant",
    "intermediate": "intermediate",
    "first_class": "intermediate",
    "ungraded": "intermediate",
    "senior": "associate_senior",
}

# Skill levels (职业资格或职业技能等级) of a skilled worker, lowest first (三(三)2).
SKILL_LEVELS: dict[str, tuple[str, str, int]] = {
    "junior_worker": ("初级工", "junior worker", 1),
    "intermediate_worker": ("中级工", "intermediate worker", 2),
    "advanced_worker": ("高级工", "advanced worker", 3),
    "technician": ("技师", "technician", 4),
    "senior_technician": ("高级技师", "senior technician", 5),
}

# Kinds of output (成果) and of representative work (代表作, 三(二)3). The 成果 conditions
# name 发明专利; the list of representative works says 专利成果, which takes in the other
# patents too: those are representative works but not 成果 of the annex.
OUTPUT_KINDS: dict[str, tuple[str, str]] = {
    "paper": ("专业论文", "paper"),
    "invention_patent": ("发明专利", "invention patent"),
    "patent": ("专利成果（发明专利以外）", "other patent (utility model, design)"),
    "technical_report": ("技术报告", "technical report"),
    "design_document": ("设计文件", "design document"),
    "technical_standard": ("技术标准", "technical standard"),
    "construction_method": ("行业工法", "industry construction method"),
    "monograph": ("专著编著", "monograph or edited book"),
    "transfer_contract": ("技术转移转化服务合同", "technology transfer service contract"),
}
# The eight kinds of representative work 三(二)3 lists, with the output kinds each covers.
REPRESENTATIVE_KINDS: dict[str, tuple[str, ...]] = {
    "专利成果": ("invention_patent", "patent"),
    "技术报告": ("technical_report",),
    "设计文件": ("design_document",),
    "技术标准": ("technical_standard",),
    "行业工法": ("construction_method",),
    "专业论文": ("paper",),
    "专著编著": ("monograph",),
    "技术转移转化服务合同": ("transfer_contract",),
}

ROLES: dict[str, tuple[str, str]] = {
    "first_author": ("第一作者", "first author"),
    "lead": ("主要负责人", "principal contributor"),
    "participant": ("参与人", "participant"),
}

CATEGORIES: dict[str, tuple[str, str]] = {
    "research_design": ("工程技术研究设计", "research and design"),
    "application_practice": ("工程技术应用实践", "application and practice"),
    "transfer_service": ("科技成果转化服务", "transfer of results"),
}


@dataclass(frozen=True, slots=True)
class Education:
    kind: str  # EDUCATIONS, or "technical_school"
    graduated: dt.date
    technical_school_class: str | None = None  # TECHNICAL_SCHOOL_EQUIVALENT, for 技工院校

    @property
    def counts_as(self) -> str:
        if self.kind == "technical_school":
            return TECHNICAL_SCHOOL_EQUIVALENT[self.technical_school_class or ""]
        return self.kind


@dataclass(frozen=True, slots=True)
class WorkPeriod:
    """Professional technical work, start and end inclusive (end None: still at it)."""

    start: dt.date
    end: dt.date | None = None
    in_specialty: bool = True  # 本专业, as the applicant and the unit declare it
    part_time: bool = False


@dataclass(frozen=True, slots=True)
class Title:
    """A title held: of the engineering series (``level``) or of another (``series``)."""

    tier: str  # TIERS
    obtained: dt.date
    series: str = "engineering"  # "engineering", or the other series' name
    same_specialty: bool = True  # False: the engineering series but another specialty
    level: str | None = None  # certs.levels code, for the engineering series
    proven: bool = False  # found in this registry
    certificate_number: str | None = None

    @property
    def outside_series(self) -> bool:
        """非本系列（专业）: another series, or this series in another specialty."""
        return self.series != "engineering" or not self.same_specialty


@dataclass(frozen=True, slots=True)
class Qualification:
    """A professional qualification (职业资格) on the bureau's equivalence list."""

    name: str
    grade: str  # QUALIFICATION_TIERS
    obtained: dt.date
    proven: bool = False
    certificate_number: str | None = None

    @property
    def tier(self) -> str:
        return QUALIFICATION_TIERS[self.grade]


@dataclass(frozen=True, slots=True)
class Output:
    """成果, or a representative work (代表作) when it has a title."""

    kind: str  # OUTPUT_KINDS
    role: str  # ROLES
    count: int = 1
    core_journal: bool = False  # a paper in a 核心期刊
    date: dt.date | None = None  # None: as declared, since the lower title
    title: str | None = None
    representative: bool = False


@dataclass(frozen=True, slots=True)
class GroundClaim:
    """A ground for 破格 or 直通车 (certs.routes.GROUNDS), with what its clause weighs."""

    code: str
    rank: int | None = None  # 排名, for an award or a standard
    award_grade: str | None = None  # gold / silver / excellence (中国专利奖)
    award_level: str | None = None  # national / provincial / ministerial / other
    standard_kind: str | None = None  # national / industry / local
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    level: str
    reference_date: dt.date
    route: str = "regular"
    category: str | None = None  # CATEGORIES (人才类型, 三(二)2)
    educations: tuple[Education, ...] = ()
    work: tuple[WorkPeriod, ...] = ()
    titles: tuple[Title, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    skill_level: str | None = None
    outputs: tuple[Output, ...] = ()
    grounds: tuple[GroundClaim, ...] = ()
    judged: frozenset[str] = field(default_factory=frozenset)  # clauses the committee judged
