"""The sheets of a results workbook: 人员 (one row per person, the CSV file's columns and
技能等级) and one sheet per list of facts, each keyed by 行号, the person's row on 人员.
The reader (``workbook``) and the template (``template``) both follow these tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from certs.eligibility.facts import (
    EDUCATIONS,
    OUTPUT_KINDS,
    ROLES,
    SKILL_LEVELS,
    TIERS,
)
from certs.equivalence import GRADES
from certs.routes import TECHNICAL_SCHOOL_CLASSES
from webbase.eligibility import (
    EducationSchema,
    GroundDetailsSchema,
    OutputSchema,
    QualificationSchema,
    RepresentativeWorkSchema,
    TitleSchema,
    WorkPeriodSchema,
)

PEOPLE = "人员"
ROW_KEY = ("row", "行号")
# The 人员 sheet's column beyond the CSV file's: a fact that is no list.
SKILL_LEVEL = ("skill_level", "技能等级")

YES = ("是", "true", "1", "y", "yes")
NO = ("否", "false", "0", "n", "no")


@dataclass(frozen=True)
class Column:
    name: str  # the JSON field
    header_zh: str
    values: dict[str, str] | None = None  # Chinese name -> code
    kind: str = "text"  # text | date | number | boolean


@dataclass(frozen=True)
class ListSheet:
    """One list of facts: its sheet, where it goes in a row, and how one entry is checked."""

    title: str
    field: str  # facts.<field>, or a row field (judged, ground_details)
    columns: tuple[Column, ...]
    schema: type[ma.Schema] | None  # None: a clause per line (judged)
    description_zh: str
    one_per_person: bool = False

    @property
    def headers(self) -> dict[str, Column]:
        found = {}
        for column in self.columns:
            found[column.name] = column
            found[column.header_zh] = column
        return found


def _names(table: Mapping[str, tuple[Any, ...]]) -> dict[str, str]:
    return {entry[0]: code for code, entry in table.items()}


EDUCATION_NAMES = {**_names(EDUCATIONS), "技工院校": "technical_school"}
CLASS_NAMES = {kind.name_zh: code for code, kind in TECHNICAL_SCHOOL_CLASSES.items()}
TIER_NAMES = _names(TIERS)
GRADE_NAMES = {grade.name_zh: code for code, grade in GRADES.items()}
OUTPUT_NAMES = _names(OUTPUT_KINDS)
ROLE_NAMES = _names(ROLES)
SKILL_NAMES = _names(SKILL_LEVELS)
AWARD_GRADES = {"金奖": "gold", "银奖": "silver", "优秀奖": "excellence"}
AWARD_LEVELS = {"国家级": "national", "省级": "provincial", "部级": "ministerial", "其他": "other"}
STANDARD_KINDS = {"国家标准": "national", "行业标准": "industry", "地方标准": "local"}
# 三(二)3 names 专利成果; the engine counts an invention patent as 成果 and other patents not,
# so the workbook asks which (发明专利, or 专利成果（发明专利以外）).
AMBIGUOUS = {"专利成果": ("发明专利", "专利成果（发明专利以外）")}

SHEETS: tuple[ListSheet, ...] = (
    ListSheet(
        "学历",
        "educations",
        (
            Column("kind", "学历", EDUCATION_NAMES),
            Column("graduated", "毕业日期", kind="date"),
            Column("technical_school_class", "技工院校班次", CLASS_NAMES),
        ),
        EducationSchema,
        "每项学历一行；技工院校毕业填“技工院校”并注明班次（三(三)2）",
    ),
    ListSheet(
        "工作经历",
        "work",
        (
            Column("start", "开始日期", kind="date"),
            Column("end", "结束日期", kind="date"),
            Column("in_specialty", "本专业", kind="boolean"),
            Column("part_time", "兼职", kind="boolean"),
        ),
        WorkPeriodSchema,
        "专业技术工作经历，每段一行；结束日期空着表示至今；本专业、兼职填“是”或“否”（默认本专业、非兼职）",
    ),
    ListSheet(
        "职称",
        "titles",
        (
            Column("tier", "职称层级", TIER_NAMES),
            Column("obtained", "取得日期", kind="date"),
            Column("series", "系列"),
            Column("same_specialty", "同专业", kind="boolean"),
            Column("certificate_number", "证书编号"),
        ),
        TitleSchema,
        "申报人所述已取得的职称（申报，附证书编号）；本库颁发的职称按身份证号码自动查到，记为登记在册",
    ),
    ListSheet(
        "职业资格",
        "qualifications",
        (
            Column("name", "资格名称"),
            Column("grade", "资格等级", GRADE_NAMES),
            Column("obtained", "取得日期", kind="date"),
            Column("certificate_number", "证书编号"),
        ),
        QualificationSchema,
        "职业资格（三(三)3），附证书编号",
    ),
    ListSheet(
        "成果",
        "outputs",
        (
            Column("kind", "成果类型", OUTPUT_NAMES),
            Column("role", "本人角色", ROLE_NAMES),
            Column("count", "数量", kind="number"),
            Column("core_journal", "核心期刊", kind="boolean"),
            Column("date", "日期", kind="date"),
            Column("title", "题目"),
        ),
        OutputSchema,
        "成果条件所计的论文、专利、技术报告等，同类可合并一行并填数量",
    ),
    ListSheet(
        "代表作",
        "representative_works",
        (
            Column("kind", "代表作类别", OUTPUT_NAMES),
            Column("title", "题目"),
            Column("role", "本人角色", ROLE_NAMES),
            Column("core_journal", "核心期刊", kind="boolean"),
            Column("date", "日期", kind="date"),
        ),
        RepresentativeWorkSchema,
        "代表作（三(二)3），每部一行，计入成果",
    ),
    ListSheet(
        "已评议条件",
        "judged",
        (Column("clause", "条款"),),
        None,
        "评审委员会已评议的条件，每个条款一行，如 附件首段、附件四(一)1、附件四(二)2、附件四(三)",
    ),
    ListSheet(
        "破格直通车条件",
        "ground_details",
        (
            Column("rank", "排名", kind="number"),
            Column("award_grade", "奖项等级", AWARD_GRADES),
            Column("award_level", "奖项级别", AWARD_LEVELS),
            Column("standard_kind", "标准类别", STANDARD_KINDS),
        ),
        GroundDetailsSchema,
        "破格或直通车所依据条件的详情（人员表“破格直通车条件”列所填条件），每人至多一行",
        one_per_person=True,
    ),
)
SHEET_BY_TITLE = {sheet.title: sheet for sheet in SHEETS}
