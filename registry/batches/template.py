"""The results workbook's template: every sheet with its Chinese headers, and a sheet 说明
that lists every code a cell may hold with its Chinese name (a cell takes either)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import openpyxl
from openpyxl.styles import Font

from certs.eligibility.facts import EDUCATIONS, OUTPUT_KINDS, ROLES, SKILL_LEVELS, TIERS
from certs.equivalence import GRADES
from certs.levels import EVALUATION_TRACKS, LEVELS, ROUTES
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES
from registry.batches.rows import COLUMNS
from registry.batches.sheets import (
    AMBIGUOUS,
    AWARD_GRADES,
    AWARD_LEVELS,
    PEOPLE,
    ROW_KEY,
    SHEETS,
    SKILL_LEVEL,
    STANDARD_KINDS,
)
from webbase.eligibility import JUDGEABLE_CLAUSES

EXPLANATION = "说明"
_BOLD = Font(bold=True)


def template_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    people = workbook.active
    people.title = PEOPLE
    _header(people, [aliases[1] for aliases in COLUMNS.values()] + [SKILL_LEVEL[1]])
    for sheet in SHEETS:
        _header(
            workbook.create_sheet(sheet.title), [ROW_KEY[1], *(c.header_zh for c in sheet.columns)]
        )
    explanation = workbook.create_sheet(EXPLANATION)
    for line in _explanation():
        explanation.append(list(line))
    explanation.column_dimensions["A"].width = 18
    explanation.column_dimensions["B"].width = 30
    explanation.column_dimensions["C"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = _BOLD
    for index in range(1, len(headers) + 1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = 16
        # Text, so that an ID number keeps its 18 digits and a date its form (the whole
        # column's format: no cell is made, so rows appended by a program start at row 2).
        sheet.column_dimensions[letter].number_format = "@"


def _explanation() -> Iterable[tuple[str, ...]]:
    yield ("北京市工程技术系列评审结果工作簿", "", "")
    yield (
        "填写方法",
        "",
        (
            f"“{PEOPLE}”表每人一行（表头为第 1 行，第一人为第 2 行）；其余各表每项一行，"
            f"“{ROW_KEY[1]}”填该人员在“{PEOPLE}”表中的行号。日期填 YYYY-MM-DD；"
            "代码或中文名称均可。本表（说明）提交时不读取。"
        ),
    )
    yield ("", "", "")
    yield ("工作表", "", "内容")
    yield (
        PEOPLE,
        "",
        "姓名、身份证号码、工作单位、层级、专业代码、人才类型、申报途径等（与 CSV 相同）及技能等级",
    )
    for sheet in SHEETS:
        yield (sheet.title, sheet.field, sheet.description_zh)
    tables: tuple[tuple[str, Iterable[tuple[str, str, str]]], ...] = (
        ("层级", ((lv.code, lv.title_zh, lv.title_en) for lv in LEVELS if lv.issuable)),
        ("人才类型", ((c, zh, en) for c, (zh, en) in EVALUATION_TRACKS.items())),
        (
            "申报途径",
            ((c, r.name_zh, r.name_en) for c, r in ROUTES.items() if r.for_new_issuance),
        ),
        (
            "破格直通车条件",
            ((c, g.wording_zh, f"{g.clause}；{g.wording_en}") for c, g in GROUNDS.items()),
        ),
        (
            "技工院校班次",
            (
                (c, k.name_zh, f"按{k.counts_as_zh}学历对待")
                for c, k in TECHNICAL_SCHOOL_CLASSES.items()
            ),
        ),
        (
            "学历",
            [
                *((c, zh, en) for c, (zh, en, _r) in EDUCATIONS.items()),
                ("technical_school", "技工院校", ""),
            ],
        ),
        ("职称层级", ((c, zh, en) for c, (zh, en, _r) in TIERS.items())),
        ("资格等级", ((c, g.name_zh, f"对应{g.tier}") for c, g in GRADES.items())),
        ("成果类型、代表作类别", ((c, zh, en) for c, (zh, en) in OUTPUT_KINDS.items())),
        ("本人角色", ((c, zh, en) for c, (zh, en) in ROLES.items())),
        ("技能等级", ((c, zh, en) for c, (zh, en, _r) in SKILL_LEVELS.items())),
        ("奖项等级", ((c, zh, "") for zh, c in AWARD_GRADES.items())),
        ("奖项级别", ((c, zh, "") for zh, c in AWARD_LEVELS.items())),
        ("标准类别", ((c, zh, "") for zh, c in STANDARD_KINDS.items())),
        ("已评议条件（条款）", ((c, c, "") for c in JUDGEABLE_CLAUSES)),
    )
    for title, entries in tables:
        yield ("", "", "")
        yield (title, "代码", "中文名称")
        for code, name_zh, note in entries:
            yield ("", code, f"{name_zh}（{note}）" if note else name_zh)
    for name, choices in AMBIGUOUS.items():
        yield ("", "", "")
        yield (
            "注意",
            name,
            f"代表作为{name}时，请填“{'”或“'.join(choices)}”：附件的成果条件只计发明专利。",
        )
