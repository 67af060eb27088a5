"""Reading a results workbook (.xlsx): the 人员 sheet as a CSV file's rows, and each list of
facts from its own sheet, keyed by 行号 (the person's row on 人员), into each row's
``facts``, ``judged`` and ``ground_details``.

An .xlsx file is a zip archive: its members' sizes are checked before anything is read (a
few KiB can claim gigabytes), and openpyxl then reads it streaming (read-only mode), row by
row, never past the columns a sheet of ours has."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import marshmallow as ma
import openpyxl

from certs.errors import MAX_LISTED_ERRORS, FieldError, InvalidInputError
from registry.batches.rows import (
    COLUMNS,
    MAX_HEADER_CELLS,
    InputRow,
    body_error,
    column_names,
    header_map,
    spreadsheet_value,
)
from registry.batches.schemas import MAX_ROWS
from registry.batches.sheets import (
    AMBIGUOUS,
    NO,
    PEOPLE,
    ROW_KEY,
    SHEET_BY_TITLE,
    SKILL_LEVEL,
    SKILL_NAMES,
    YES,
    Column,
    ListSheet,
)
from webbase.eligibility import JUDGEABLE_CLAUSES
from webbase.validation import field_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook of 20,000 people with their lists is a few tens of MiB of XML at most.
MAX_UNCOMPRESSED = 128 * 1024 * 1024
MAX_MEMBERS = 200
# Worksheets are read streaming, row by row; every other part (the shared strings above all)
# is read whole into memory, so each is held to less.
MAX_PART = {"xl/sharedStrings.xml": 32 * 1024 * 1024}
MAX_OTHER_PART = 8 * 1024 * 1024
# Rows on one sheet, blank ones included: a list sheet has several rows per person.
MAX_SHEET_ROWS = MAX_ROWS * 20
# Sheets a workbook may carry besides ours (the template's explanation).
IGNORED_SHEETS = ("说明", "explanation")
_PEOPLE_COLUMNS = {**COLUMNS, "skill_level": SKILL_LEVEL}
_PEOPLE_HEADER = header_map(_PEOPLE_COLUMNS)
_MAX_ERRORS = MAX_LISTED_ERRORS * 10


def read_workbook(body: bytes) -> list[InputRow]:
    """Every person of the workbook with their facts; refused whole, naming sheet, row and
    field, when any cell of a list cannot be read."""
    _check_archive(body)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise _not_a_workbook() from None
    try:
        _refuse_unknown_sheets(workbook.sheetnames)
        if PEOPLE not in workbook.sheetnames:
            raise body_error(
                "no_people_sheet",
                f"The workbook has no sheet {PEOPLE} (one row per person).",
                f"工作簿缺少“{PEOPLE}”工作表（每人一行）。",
            )
        people = _people(workbook[PEOPLE])
        by_number = {row.number: row.data for row in people}
        errors: list[FieldError] = []
        for title in workbook.sheetnames:
            if title in SHEET_BY_TITLE and len(errors) < _MAX_ERRORS:
                errors += _read_list(workbook[title], SHEET_BY_TITLE[title], by_number)
    finally:
        workbook.close()
    if errors:
        raise InvalidInputError(
            f"{len(errors)} cells of the workbook's lists are refused; nothing was stored.",
            f"工作簿中有 {len(errors)} 处列表内容不符合要求，本批未保存任何内容。",
            errors=errors,
        )
    return people


def _check_archive(body: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(body)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _not_a_workbook() from None
    total = sum(member.file_size for member in members)
    too_large = [
        member.filename
        for member in members
        if not member.filename.startswith("xl/worksheets/")
        and member.file_size > MAX_PART.get(member.filename, MAX_OTHER_PART)
    ]
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or too_large:
        raise body_error(
            "workbook_too_large",
            f"The workbook unpacks to {total} bytes in {len(members)} parts; a results "
            f"workbook is at most {MAX_UNCOMPRESSED // 2**20} MiB in {MAX_MEMBERS} parts, its "
            f"shared strings at most {MAX_PART['xl/sharedStrings.xml'] // 2**20} MiB and "
            f"each part but the sheets {MAX_OTHER_PART // 2**20} MiB.",
            f"工作簿解压后为 {len(members)} 个部分共 {total} 字节；评审结果工作簿解压后至多 "
            f"{MAX_UNCOMPRESSED // 2**20} MiB、{MAX_MEMBERS} 个部分，共享字符串至多 "
            f"{MAX_PART['xl/sharedStrings.xml'] // 2**20} MiB，工作表以外的每个部分至多 "
            f"{MAX_OTHER_PART // 2**20} MiB。",
        )


def _not_a_workbook() -> InvalidInputError:
    return body_error(
        "invalid_xlsx",
        "The file is not an .xlsx workbook (save it as Excel 工作簿 .xlsx).",
        "文件不是 .xlsx 工作簿（请另存为 Excel 工作簿 .xlsx 格式）。",
    )


def _refuse_unknown_sheets(titles: list[str]) -> None:
    known = (PEOPLE, *SHEET_BY_TITLE, *IGNORED_SHEETS)
    unknown = [title for title in titles if title not in known]
    if unknown:
        raise InvalidInputError(
            errors=[
                FieldError(
                    title[:40],
                    "unknown_sheet",
                    f"Unknown sheet {title!r}; the sheets are: {', '.join(known)}.",
                    f"未知的工作表“{title}”；可用的工作表：{'、'.join(known)}。",
                )
                for title in unknown[:MAX_LISTED_ERRORS]
            ]
        )


def _rows(sheet) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row, cells) of the sheet's rows that are not blank, at most one column
    past ours (the header check counts it), however wide the sheet claims to be."""
    sheet.reset_dimensions()
    for number, cells in enumerate(
        sheet.iter_rows(max_col=MAX_HEADER_CELLS + 1, values_only=True), start=1
    ):
        if number > MAX_SHEET_ROWS:
            raise body_error(
                "too_many_rows",
                f"The sheet {sheet.title} has over {MAX_SHEET_ROWS} rows.",
                f"工作表“{sheet.title}”超过 {MAX_SHEET_ROWS} 行。",
            )
        values = [_text(cell) for cell in cells]
        while values and values[-1] is None:
            values.pop()
        if values:
            yield number, values


def _text(cell: Any) -> Any:
    """A cell as the JSON a row would carry: text stripped, dates in ISO form, whole
    numbers as numbers, true and false as they are; an empty cell as None."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str):
        return cell.strip() or None
    return cell


def _people(sheet) -> list[InputRow]:
    rows = _rows(sheet)
    header_row, header = next(rows, (0, []))
    if not header:
        raise body_error("empty", f"The sheet {PEOPLE} is empty.", f"“{PEOPLE}”工作表为空。")
    names = column_names(
        [str(cell or "") for cell in header], header_row, _PEOPLE_HEADER, _PEOPLE_COLUMNS
    )
    people = []
    for number, cells in rows:
        data: dict[str, Any] = {
            name: _person_value(name, cell)
            for name, cell in zip(names, cells, strict=False)
            if cell is not None
        }
        skill = data.pop("skill_level", None)
        data["facts"] = {"skill_level": skill} if skill is not None else {}
        people.append(InputRow(number, data))
        if len(people) > MAX_ROWS:
            raise body_error(
                "too_many_rows",
                f"A batch has at most {MAX_ROWS} rows.",
                f"每批最多 {MAX_ROWS} 行。",
            )
    if not people:
        raise body_error(
            "empty", f"The sheet {PEOPLE} has no rows.", f"“{PEOPLE}”工作表没有数据行。"
        )
    return people


def _person_value(name: str, cell: Any) -> Any:
    text = cell if isinstance(cell, str) else str(cell)
    if name == "skill_level":
        return SKILL_NAMES.get(text, text)
    return spreadsheet_value(name, text)


def _read_list(sheet, spec: ListSheet, people: dict[int, dict[str, Any]]) -> list[FieldError]:
    """Each row of a list sheet checked and added to its person's row; the errors."""
    rows = _rows(sheet)
    header_row, header = next(rows, (0, []))
    if not header:
        return []
    columns, errors = _list_columns(header, header_row, spec)
    if errors:
        return errors
    seen: set[int] = set()
    for number, cells in rows:
        values = {
            name: cell for name, cell in zip(columns, cells, strict=False) if cell is not None
        }
        key = values.pop("row", None)
        found = _entry_errors(spec, number, key, values, people, seen)
        errors += found
        if not found:
            _add(people[key], spec, values)
        if len(errors) >= _MAX_ERRORS:
            break
    return errors


def _list_columns(
    header: list[Any], header_row: int, spec: ListSheet
) -> tuple[list[str], list[FieldError]]:
    known = {ROW_KEY[0]: "row", ROW_KEY[1]: "row"} | {
        alias: column.name for alias, column in spec.headers.items()
    }
    names = [known.get(str(cell or "").strip(), "") for cell in header]
    errors = [
        _sheet_error(
            spec.title,
            header_row,
            str(cell or "")[:40] or "(empty)",
            "unknown_column",
            f"unknown column {str(cell or '')[:40]!r}; the columns are: 行号, "
            + ", ".join(c.header_zh for c in spec.columns),
            f"未知的列“{str(cell or '')[:40]}”；可用的列：行号、"
            + "、".join(c.header_zh for c in spec.columns),
        )
        for cell, name in zip(header, names, strict=True)
        if not name
    ]
    if "row" not in names:
        errors.append(
            _sheet_error(
                spec.title,
                header_row,
                "行号",
                "required",
                "the column 行号 (the person's row on 人员) is missing",
                "缺少“行号”列（该人员在“人员”表中的行号）",
            )
        )
    return names, errors


def _entry_errors(
    spec: ListSheet,
    number: int,
    key: Any,
    values: dict[str, Any],
    people: dict[int, dict[str, Any]],
    seen: set[int],
) -> list[FieldError]:
    if not isinstance(key, int) or key not in people:
        return [
            _sheet_error(
                spec.title,
                number,
                "行号",
                "unknown_person_row",
                f"行号 {key!r} is no person's row on the sheet {PEOPLE}",
                f"行号 {key!r} 不是“{PEOPLE}”表中任何人员所在的行",
            )
        ]
    if spec.one_per_person and key in seen:
        return [
            _sheet_error(
                spec.title,
                number,
                "行号",
                "duplicate_row",
                f"row {key} of {PEOPLE} already has a line on this sheet",
                f"“{PEOPLE}”表第 {key} 行在本表中已有一行",
            )
        ]
    seen.add(key)
    for column in spec.columns:
        if column.name in values:
            fault = _convert(spec, column, values)
            if fault is not None:
                return [_sheet_error(spec.title, number, column.header_zh, *fault)]
    return _schema_errors(spec, number, values)


def _convert(
    spec: ListSheet, column: Column, values: dict[str, Any]
) -> tuple[str, str, str] | None:
    """The cell as its field takes it (a Chinese name as its code, 是 as true); why not."""
    value = values[column.name]
    if isinstance(value, str) and value in AMBIGUOUS:
        choices = AMBIGUOUS[value]
        return (
            "ambiguous_kind",
            (
                f"say which {value}: {' or '.join(choices)} (only invention patents count "
                "as 成果 of the annex)"
            ),
            f"请注明是{'还是'.join(choices)}（附件的成果条件只计发明专利）",
        )
    if column.values is not None and isinstance(value, str):
        values[column.name] = column.values.get(value, value)
    elif column.kind == "boolean" and isinstance(value, str | int):
        text = str(value).lower()
        values[column.name] = True if text in YES else False if text in NO else value
    elif column.kind == "number" and isinstance(value, str) and value.isdigit():
        values[column.name] = int(value)
    elif column.kind == "text" and not isinstance(value, str):
        values[column.name] = str(value)
    return None


def _schema_errors(spec: ListSheet, number: int, values: dict[str, Any]) -> list[FieldError]:
    if spec.schema is None:  # a clause per line
        clause = values.get("clause")
        if clause in JUDGEABLE_CLAUSES:
            return []
        return [
            _sheet_error(
                spec.title,
                number,
                "条款",
                "unknown_clause",
                f"{clause!r} is no clause a committee judges (e.g. 附件首段, 附件四(一)1)",
                f"“{clause}”不是评审委员会评议的条款（如 附件首段、附件四(一)1）",
            )
        ]
    try:
        spec.schema().load(values)
    except ma.ValidationError as exc:
        headers = {column.name: column.header_zh for column in spec.columns}
        return [
            _sheet_error(
                spec.title,
                number,
                headers.get(error.field, error.field),
                error.code,
                error.message,
                error.message_zh,
            )
            for error in field_errors(exc.messages)
        ]
    return []


def _add(person: dict[str, Any], spec: ListSheet, values: dict[str, Any]) -> None:
    if spec.field == "judged":
        person.setdefault("judged", []).append(values["clause"])
    elif spec.field == "ground_details":
        person["ground_details"] = values
    else:
        person["facts"].setdefault(spec.field, []).append(values)


def _sheet_error(
    title: str, number: int, header: str, code: str, message: str, message_zh: str
) -> FieldError:
    return FieldError(
        f"{title}.{header}",
        code,
        f"Sheet {title}, row {number}, column {header}: {message}.",
        f"工作表“{title}”第 {number} 行“{header}”列：{message_zh}。",
        row=number,
    )
