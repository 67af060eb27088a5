"""Reading a results batch: JSON rows, or a CSV file as spreadsheets here export it
(UTF-8 with or without a BOM, or GB18030), with Chinese or English column names."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import marshmallow as ma

from certs.errors import FieldError, InvalidInputError
from certs.levels import EVALUATION_TRACKS, LEVELS, ROUTES
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES
from registry.batches.schemas import MAX_ROWS, row_schema
from webbase.validation import field_errors

# Column names a spreadsheet may use, mapped to the field names of a JSON row.
COLUMNS = {
    "holder_name": ("holder_name", "姓名"),
    "holder_id_number": ("holder_id_number", "身份证号码", "身份证号", "公民身份号码"),
    "work_unit": ("work_unit", "工作单位", "单位"),
    "level": ("level", "层级", "职称层级", "职称"),
    "specialty_code": ("specialty_code", "专业代码"),
    # The talent type (人才类型, 三(二)2). Spreadsheets made before the column was named for
    # what it holds call it 评价方式, which the policy uses for how a title is evaluated
    # (三(四)2); that old header is still read, for this column only.
    "evaluation_track": ("evaluation_track", "人才类型", "评价重点", "评价方式"),
    "route": ("route", "申报途径", "途径"),
    "route_ground": ("route_ground", "破格直通车条件", "途径条件"),
    "route_basis": ("route_basis", "途径依据", "依据"),
    "technical_school_class": ("technical_school_class", "技工院校班次", "技工院校毕业班次"),
    "meeting_date": ("meeting_date", "评审会议日期", "会议日期"),
}


def header_map(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each header a spreadsheet may use (English in lower case), to its field."""
    return {alias.lower(): name for name, aliases in columns.items() for alias in aliases}


_HEADER = header_map(COLUMNS)
# More cells than this cannot be a header of ours gone slightly wrong (a stray column, trailing
# empty cells): the file is refused whole rather than column by column.
MAX_HEADER_CELLS = 100


# A spreadsheet says 工程师 where JSON says engineer.
_VALUES = {
    "level": {level.title_zh: level.code for level in LEVELS if level.issuable},
    "evaluation_track": {zh: code for code, (zh, _en) in EVALUATION_TRACKS.items()},
    "route": {route.name_zh: code for code, route in ROUTES.items()},
    # A ground by the policy's words, as a spreadsheet may paste them, or by its code.
    "route_ground": {ground.wording_zh: code for code, ground in GROUNDS.items()},
    "technical_school_class": {
        kind.name_zh: code for code, kind in TECHNICAL_SCHOOL_CLASSES.items()
    },
}


@dataclass(frozen=True)
class InputRow:
    number: int  # as the submitter counts: position in `rows`, or the spreadsheet row
    data: dict


def decode_csv(body: bytes) -> str:
    if body.startswith(b"\xef\xbb\xbf"):
        try:
            return body[3:].decode("utf-8")
        except UnicodeDecodeError as exc:  # the mark says UTF-8: no guessing at GB18030
            raise body_error(
                "invalid_utf8",
                f"The CSV file starts with a UTF-8 byte order mark but is not UTF-8: byte "
                f"{exc.start + 3} (counting from 0) is not part of a UTF-8 character.",
                f"CSV 文件以 UTF-8 字节顺序标记开头，但不是 UTF-8 编码：第 {exc.start + 3} 个字节"
                "（从 0 起算）不属于任何 UTF-8 字符。",
            ) from None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("gb18030")
    except UnicodeDecodeError:
        raise body_error(
            "unknown_encoding",
            "The CSV file is neither UTF-8 nor GB18030.",
            "CSV 文件既不是 UTF-8 编码，也不是 GB18030 编码。",
        ) from None


def read_csv(body: bytes) -> list[InputRow]:
    """Rows of a CSV file, numbered as the spreadsheet numbers them: the header is the first
    row that is not blank (row 1 unless blank rows come before it), so the first person is
    the row after it; a cell with line breaks is still one row; blank rows count but are
    skipped."""
    reader = _records(csv.reader(io.StringIO(decode_csv(body), newline="")))
    header_row, header = next(
        ((number, cells) for number, cells in reader if any(c.strip() for c in cells)),
        (0, []),
    )
    if not header:
        raise body_error("empty", "The CSV file is empty.", "CSV 文件为空。")
    names = column_names(header, header_row)
    rows = []
    for number, cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        data = {
            name: spreadsheet_value(name, cell.strip())
            for name, cell in zip(names, cells, strict=False)
            if cell.strip()
        }
        rows.append(InputRow(number, data))
        if len(rows) > MAX_ROWS:
            raise body_error(
                "too_many_rows",
                f"A batch has at most {MAX_ROWS} rows.",
                f"每批最多 {MAX_ROWS} 行。",
            )
    if not rows:
        raise body_error("empty", "The CSV file has no rows.", "CSV 文件没有数据行。")
    return rows


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row, cells); a row the csv module cannot read is refused, naming it."""
    for number in itertools.count(1):
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _unreadable_row(number, exc) from None
        yield number, cells


def _unreadable_row(number: int, exc: csv.Error) -> InvalidInputError:
    if "field larger than field limit" in str(exc):
        kib = csv.field_size_limit() // 1024
        return _row_error(
            number,
            "cell_too_large",
            f"Row {number} has a cell over {kib} KiB; no field of a batch is that long.",
            f"第 {number} 行有单元格超过 {kib} KiB，批次中没有这么长的字段。",
        )
    return _row_error(
        number,
        "invalid_csv",
        f"Row {number} cannot be read as CSV ({exc}).",
        f"第 {number} 行无法按 CSV 格式读取（{exc}）。",
    )


def column_names(
    header: list[str],
    header_row: int,
    known: dict[str, str] = _HEADER,
    columns: dict[str, tuple[str, ...]] = COLUMNS,
) -> list[str]:
    """The field each column gives; a column we do not know, or one given twice (姓名 and
    holder_name), refuses the file, as does a header far longer than any we read."""
    if len(header) > MAX_HEADER_CELLS:
        raise _row_error(
            header_row,
            "too_many_columns",
            f"The header has {len(header)} columns; a batch file has at most {len(columns)}, "
            f"one per field: {', '.join(columns)}.",
            f"表头有 {len(header)} 列；批次文件最多 {len(columns)} 列，每个字段一列："
            f"{'、'.join(a[1] for a in columns.values())}。",
        )
    names: list[str | None] = [
        known.get(cell.strip().lower() if cell.isascii() else cell.strip()) for cell in header
    ]
    if None in names:
        raise InvalidInputError(
            errors=(
                _unknown_column(_shown(cell), header_row, columns)
                for cell, name in zip(header, names, strict=True)
                if name is None
            )
        )
    given = [(cell, name) for cell, name in zip(header, names, strict=True) if name]
    _refuse_repeated_columns(given, header_row)
    return [name for _cell, name in given]  # every column: unknown ones were refused


def _refuse_repeated_columns(columns: list[tuple[str, str]], header_row: int) -> None:
    """Two columns for one field (姓名 and holder_name) would leave one silently unread."""
    first: dict[str, str] = {}
    repeated: list[tuple[str, str, str]] = []
    for cell, name in columns:
        if name in first:
            repeated.append((_shown(cell), _shown(first[name]), name))
        first.setdefault(name, cell)
    if repeated:
        raise InvalidInputError(
            errors=(
                FieldError(
                    cell,
                    "duplicate_column",
                    f"The column {cell!r} gives {name}, as the column {earlier!r} before it "
                    "does: keep one.",
                    f"列“{cell}”与前面的列“{earlier}”重复（都是 {name}），请只保留一列。",
                    row=header_row,
                )
                for cell, earlier, name in repeated
            )
        )


def _unknown_column(
    cell: str, header_row: int, columns: dict[str, tuple[str, ...]] = COLUMNS
) -> FieldError:
    return FieldError(
        cell or "(empty)",
        "unknown_column",
        f"Unknown column {cell!r}; the columns are: {', '.join(columns)}.",
        f"未知的列“{cell}”；可用的列：{'、'.join(a[1] for a in columns.values())}。",
        row=header_row,
    )


def _shown(cell: str, limit: int = 40) -> str:
    """A header cell as an error quotes it: stripped, and cut when it is long."""
    cell = cell.strip()
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"


def spreadsheet_value(name: str, cell: str) -> str:
    return _VALUES.get(name, {}).get(cell, cell)


def json_rows(rows: list[dict]) -> list[InputRow]:
    return [InputRow(number, data) for number, data in enumerate(rows, start=1)]


def load_rows(rows: list[InputRow]) -> tuple[list[tuple[int, dict]], list[FieldError]]:
    """Each row through the row schema: (number, loaded) for the good, errors for the bad."""
    schema = row_schema()
    loaded: list[tuple[int, dict]] = []
    errors: list[FieldError] = []
    for row in rows:
        try:
            loaded.append((row.number, schema.load(row.data)))
        except ma.ValidationError as exc:
            errors.extend(
                FieldError(e.field, e.code, e.message, e.message_zh, row=row.number)
                for e in field_errors(exc.messages)
            )
    return loaded, errors


def body_error(code: str, message: str, message_zh: str) -> InvalidInputError:
    return InvalidInputError(errors=[FieldError("body", code, message, message_zh)])


def _row_error(row: int, code: str, message: str, message_zh: str) -> InvalidInputError:
    return InvalidInputError(errors=[FieldError("body", code, message, message_zh, row=row)])
