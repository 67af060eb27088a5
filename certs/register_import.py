"""Importing the bureau's existing register (pure): the column template, the names a level
was written under before the reform, how one row is read and checked, and how an original
certificate number and a full name are normalised for look-up.

The titles already in people's hands were issued on paper or by the bureau's earlier
e-certificate system, under the names of their day. Each row becomes a certificate of this
registry, signed by it as the bureau attesting its register (route ``imported``), carrying
the original number and where it came from; nothing here reads a file or a database.

Level names (each maps onto one level of ``certs.levels``; matched after NFKC, without
spaces, case-folded, so full-width brackets and ``(教授级)`` read the same):

- 技术员, 员级: ``technician`` (初级（员级）).
- 助理工程师, 助工, 助理级, 初级: ``assistant_engineer``. Before the reform the engineering
  series' 初级 title was 助理工程师; 技术员 was named as such (员级), so a bare 初级 is read
  as 助理级 (三(一)1 splits 初级 into 员级 and 助理级).
- 工程师, 中级, 中级职称: ``engineer``.
- 高级工程师, 高工, 副高级, 副高: ``senior_engineer``.
- 正高级工程师, 正高级, 正高: ``professorate_senior_engineer`` (only from 2020-10-01).
- 高级工程师（教授级）, 教授级高级工程师, 教授级高工, 教授级: ``senior_engineer_professor_grade``
  (only before 2020-10-01; 三(一)1: 改革前我市评审的高级工程师（教授级）证书继续有效).
- Each level's code and English title are read too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from certs.decisions import decision_date_errors
from certs.errors import FieldError, IdNumberError
from certs.idcard import normalise_id_number
from certs.levels import LEVELS
from certs.names import has_letter, invisible_characters, normalise_name


def lookup_text(text: str) -> str:
    """A number or a name as a look-up compares it: NFKC (full-width letters, digits and
    brackets become ASCII), every space removed, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def lookup_message(original_number: str, full_name: str) -> bytes:
    """What the registry's keyed hash of an (original number, full name) pair is made over."""
    return (lookup_text(original_number) + "\x1f" + lookup_text(full_name)).encode()


# The column template: field -> the headers that give it (English first, then Chinese).
COLUMNS: dict[str, tuple[str, ...]] = {
    "holder_name": ("holder_name", "name", "姓名"),
    "id_number": ("id_number", "holder_id_number", "身份证号码", "身份证号", "公民身份号码"),
    "level": ("level", "title", "职称", "职称名称", "资格名称", "层级"),
    "specialty": ("specialty", "专业", "专业名称"),
    "issuing_body": ("issuing_body", "发证机构", "评审委员会", "评委会", "审批机关"),
    "decision_number": ("decision_number", "批准文号", "核准文号", "决定文号", "文号"),
    "decision_date": ("decision_date", "批准日期", "决定日期", "取得日期", "评审通过日期"),
    "original_number": ("original_number", "certificate_number", "证书编号", "原证书编号"),
    "source": ("source", "来源", "数据来源"),
    "source_year": ("source_year", "来源年份", "年份"),
}
REQUIRED = tuple(name for name in COLUMNS if name != "source_year")
HEADER: dict[str, str] = {
    lookup_text(alias): name for name, aliases in COLUMNS.items() for alias in aliases
}
MAX_CELL = {"holder_name": 50, "id_number": 32, "level": 40, "specialty": 100}
MAX_CELL_DEFAULT = 200

_LEVEL_ALIASES: dict[str, tuple[str, ...]] = {
    "technician": ("员级",),
    "assistant_engineer": ("助工", "助理级", "初级"),
    "engineer": ("中级", "中级职称"),
    "senior_engineer": ("高工", "副高级", "副高"),
    "professorate_senior_engineer": ("正高级", "正高"),
    "senior_engineer_professor_grade": (
        "教授级高级工程师",
        "教授级高工",
        "教授级",
        "高级工程师(教授级)",
    ),
}
LEVEL_NAMES: dict[str, str] = {
    lookup_text(text): level.code
    for level in LEVELS
    for text in (level.code, level.title_zh, level.title_en, *_LEVEL_ALIASES[level.code])
}


@dataclass(frozen=True)
class Source:
    code: str
    name_zh: str
    name_en: str


SOURCES: dict[str, Source] = {
    source.code: source
    for source in (
        Source("paper", "纸质证书", "Paper certificate"),
        Source("e_certificate", "原电子证书系统", "Earlier e-certificate system"),
    )
}
_SOURCE_NAMES = (
    {
        lookup_text(text): code
        for code, source in SOURCES.items()
        for text in (code, source.name_zh, source.name_en)
    }
    | {lookup_text(t): "paper" for t in ("纸质", "纸本")}
    | {lookup_text(t): "e_certificate" for t in ("电子证书", "电子", "e-certificate")}
)


def source_text(code: str, year: int | None) -> str:
    """A source as the registry stores it: ``paper``, ``paper:2015``."""
    return code if year is None else f"{code}:{year}"


def parse_source(text: str) -> tuple[str, int | None]:
    code, _, year = text.partition(":")
    return code, int(year) if year.isdigit() else None


def source_label(code: str, year: int | None) -> tuple[str, str]:
    """(Chinese, English) of where an imported title came from: ``纸质证书（2015）``."""
    source = SOURCES.get(code) or Source(code, code, code)
    if year is None:
        return source.name_zh, source.name_en
    return f"{source.name_zh}（{year}）", f"{source.name_en} ({year})"


@dataclass(frozen=True)
class RegisterRow:
    """One title of the existing register, read and checked."""

    row: int
    holder_name: str
    id_number: str  # 18 characters (a 15-digit number upgraded)
    level: str
    specialty: str  # as written then
    issuing_body: str  # as written then
    decision_number: str
    decision_date: dt.date
    original_number: str  # as written then, in whatever format it had
    source: str  # SOURCES
    source_year: int | None


def header_fields(cells: list[str], row: int) -> tuple[list[str | None], list[FieldError]]:
    """The field of each header cell (None: an empty cell), and why the header is refused:
    an unknown column, a field given twice, a required field missing."""
    errors: list[FieldError] = []
    fields: list[str | None] = []
    seen: set[str] = set()
    for cell in cells:
        text = lookup_text(cell)
        if not text:
            fields.append(None)
            continue
        name = HEADER.get(text)
        if name is None or name in seen:
            code = "unknown_column" if name is None else "duplicate_column"
            errors.append(FieldError(cell[:40], code, *_column_message(code, cell[:40]), row=row))
        fields.append(name)
        if name:
            seen.add(name)
    errors.extend(
        FieldError(name, "missing_column", *_column_message("missing_column", name), row=row)
        for name in REQUIRED
        if name not in seen
    )
    return fields, errors


def _column_message(code: str, cell: str) -> tuple[str, str]:
    names, names_zh = ", ".join(COLUMNS), "、".join(a[-1] for a in COLUMNS.values())
    if code == "unknown_column":
        return (
            f"Unknown column {cell!r}; the columns are: {names}.",
            f"未知的列“{cell}”；可用的列：{names_zh}。",
        )
    if code == "duplicate_column":
        return (f"The column {cell!r} is given twice.", f"列“{cell}”重复。")
    return (f"The column {cell} is missing.", f"缺少列 {cell}（{COLUMNS[cell][-1]}）。")


def read_row(row: int, data: dict[str, str], today: dt.date) -> RegisterRow | list[FieldError]:
    """One row of the template (field -> cell text), read and checked against the rules
    that need nothing but the row: the ID-card number, the level's name, the dates (not in
    the future; 高级工程师（教授级） before 2020-10-01, 正高级工程师 from it)."""
    errors = []
    cells = {name: (data.get(name) or "").strip() for name in COLUMNS}
    for name, text in cells.items():
        if len(text) > MAX_CELL.get(name, MAX_CELL_DEFAULT):
            errors.append(_error(row, name, "too_long", "is too long", "过长"))
            cells[name] = ""
        elif not text and name in REQUIRED:
            errors.append(_error(row, name, "required", "is required", "为必填项"))
    if errors:
        return errors
    name = normalise_name(cells["holder_name"])
    if invisible_characters(name) or not has_letter(name):
        errors.append(_error(row, "holder_name", "invalid_name", "is not a name", "不是有效姓名"))
    try:
        id_number = normalise_id_number(cells["id_number"], today)
    except IdNumberError as exc:
        errors.append(FieldError("id_number", "invalid_id_number", exc.detail, exc.detail_zh, row))
        id_number = ""
    level = LEVEL_NAMES.get(lookup_text(cells["level"]))
    if level is None:
        errors.append(_unknown_level(row, cells["level"]))
    decided = parse_date(cells["decision_date"])
    if decided is None:
        errors.append(_error(row, "decision_date", "invalid_date", "is not a date", "不是有效日期"))
    elif level is not None:
        errors += [_at_row(e, row) for e in decision_date_errors(level, decided, today)]
    source = _SOURCE_NAMES.get(lookup_text(cells["source"]))
    if source is None:
        errors.append(_unknown_source(row, cells["source"]))
    year = _year(cells["source_year"], today)
    if cells["source_year"] and year is None:
        errors.append(_error(row, "source_year", "invalid_year", "is not a year", "不是有效年份"))
    if errors or level is None or decided is None or source is None:
        return errors
    return RegisterRow(
        row,
        name,
        id_number,
        level,
        normalise_name(cells["specialty"]),
        normalise_name(cells["issuing_body"]),
        cells["decision_number"],
        decided,
        cells["original_number"],
        source,
        year,
    )


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")


def parse_date(text: str) -> dt.date | None:
    """2015-06-30, 2015/6/30, 2015.06.30, 2015年6月30日 (a time after it, as a spreadsheet
    may add, is ignored)."""
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _year(text: str, today: dt.date) -> int | None:
    digits = unicodedata.normalize("NFKC", text).strip()
    if not (len(digits) == 4 and digits.isdigit()):
        return None
    year = int(digits)
    return year if 1949 <= year <= today.year else None


def _error(row: int, field: str, code: str, en: str, zh: str) -> FieldError:
    label = COLUMNS[field][-1]
    return FieldError(field, code, f"The {field} {en}.", f"{label}{zh}。", row=row)


def _at_row(error: FieldError, row: int) -> FieldError:
    return FieldError(error.field, error.code, error.message, error.message_zh, row=row)


def _unknown_level(row: int, text: str) -> FieldError:
    return FieldError(
        "level",
        "unknown_level",
        f"Unknown title {text[:40]!r}: one of the five levels, 高级工程师（教授级）, or a "
        "pre-reform name of one (docs/operations.md lists them).",
        f"无法识别的职称“{text[:40]}”：应为五个层级之一、高级工程师（教授级），或其改革前名称。",
        row=row,
    )


def _unknown_source(row: int, text: str) -> FieldError:
    return FieldError(
        "source",
        "unknown_source",
        f"Unknown source {text[:40]!r}: paper (纸质证书) or e_certificate (原电子证书系统).",
        f"无法识别的来源“{text[:40]}”：应为纸质证书或原电子证书系统。",
        row=row,
    )


def duplicate_note(row: int, serial: str) -> FieldError:
    """A title the person already holds at that level: reported, not recorded twice."""
    return FieldError(
        "level",
        "duplicate",
        f"This person already holds this title in the registry ({serial}): not recorded twice.",
        f"此人已持有该层级职称（{serial}），不重复登记。",
        row=row,
    )


def barred_note(row: int, barred_from: dt.date, decided: dt.date, decision: str) -> FieldError:
    """The integrity record's bar does not reach a title obtained before the fraud."""
    return FieldError(
        "decision_date",
        "obtained_before_integrity_record",
        f"An integrity record bars this person from {barred_from} (decision {decision}); "
        f"this title was decided on {decided}, before it, so the bar does not apply.",
        f"此人有职称评价失信记录（{decision}），自 {barred_from} 起不得申报；该职称于 {decided} "
        "取得，早于失信记录，不受其限制。",
        row=row,
    )
