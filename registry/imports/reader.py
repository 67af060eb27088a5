"""Reading the bureau's export as a stream of rows: CSV (UTF-8, UTF-8 with a BOM, GB18030)
or Excel .xlsx (openpyxl, read-only), so a file of a million rows never sits in memory.

The file is read once first for its SHA-256 (an import is known by it) and, for a CSV, to
find its encoding the way ``registry.batches.rows.decode_csv`` decides it: a BOM says UTF-8;
otherwise UTF-8 if every byte is, else GB18030 if every byte is, else the file is refused."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO

from certs.errors import FieldError, InvalidInputError
from certs.register_import import header_fields

BLOCK = 1 << 20
BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
MAX_CELLS = 100


def file_digest_and_kind(path: Path) -> tuple[str, str]:
    """The file's SHA-256, and how to read it: ``xlsx``, ``utf-8-sig``, ``utf-8`` or
    ``gb18030``."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    gb = codecs.getincrementaldecoder("gb18030")()
    ok = {"utf-8": True, "gb18030": True}
    with path.open("rb") as handle:
        first = handle.read(BLOCK)
        kind = "xlsx" if first.startswith(XLSX_MAGIC) else None
        block = first
        while block:
            digest.update(block)
            if kind is None:
                for name, decoder in (("utf-8", utf8), ("gb18030", gb)):
                    if ok[name]:
                        try:
                            decoder.decode(block)
                        except UnicodeDecodeError:
                            ok[name] = False
            block = handle.read(BLOCK)
    if kind is None:
        for name, decoder in (("utf-8", utf8), ("gb18030", gb)):
            if ok[name]:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    ok[name] = False
        if first.startswith(BOM):
            if not ok["utf-8"]:
                raise _refused(
                    "invalid_utf8",
                    "starts with a UTF-8 BOM but is not UTF-8",
                    "以 UTF-8 字节顺序标记开头，但不是 UTF-8 编码",
                )
            kind = "utf-8-sig"
        elif ok["utf-8"]:
            kind = "utf-8"
        elif ok["gb18030"]:
            kind = "gb18030"
        else:
            raise _refused(
                "unknown_encoding",
                "is neither UTF-8 nor GB18030",
                "既不是 UTF-8 编码，也不是 GB18030 编码",
            )
    return digest.hexdigest(), kind


def digest_of_bytes(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def rows(path: Path, kind: str) -> Generator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, field -> text) for every row after the header that is not
    blank; a header we cannot read refuses the file."""
    if kind == "xlsx":
        yield from _xlsx_rows(path)
        return
    with path.open("r", encoding=kind, newline="") as handle:
        yield from _csv_rows(handle)


def _csv_rows(handle: IO[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(handle)
    yield from _records(cells for cells in _csv_lines(reader))


def _csv_lines(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    number = 0
    while True:
        number += 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInputError(
                errors=[
                    FieldError(
                        "body",
                        "invalid_csv",
                        f"Row {number} cannot be read as CSV ({exc}).",
                        f"第 {number} 行无法按 CSV 格式读取（{exc}）。",
                        row=number,
                    )
                ]
            ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        cells = (
            [_cell_text(value) for value in values[: MAX_CELLS + 1]]
            for values in sheet.iter_rows(values_only=True)
        )
        yield from _records(cells)
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _records(lines: Iterator[list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    fields: list[str | None] | None = None
    for number, cells in enumerate(lines, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if fields is None:
            if len(cells) > MAX_CELLS:
                raise _refused("too_many_columns", "has too many columns", "列数过多")
            fields, errors = header_fields(cells, number)
            if errors:
                raise InvalidInputError(errors=errors)
            continue
        yield (
            number,
            {name: cell for name, cell in zip(fields, cells, strict=False) if name is not None},
        )
    if fields is None:
        raise _refused("empty", "is empty", "为空")


def text_rows(body: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a small CSV held in memory (the bureau's API)."""
    from registry.batches.rows import decode_csv

    yield from _csv_rows(io.StringIO(decode_csv(body), newline=""))


def _refused(code: str, en: str, zh: str) -> InvalidInputError:
    return InvalidInputError(errors=[FieldError("body", code, f"The file {en}.", f"文件{zh}。")])
