"""CSV that a spreadsheet program opens as data, never as formulas (OWASP, CSV injection).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice Calc and others as a formula (``=HYPERLINK(...)``, ``=cmd|...``), so every
CSV the services write goes through ``csv_line``:

- such a cell gets a leading single quote (``'=1+1``), which the spreadsheet takes as "this
  is text" and does not show;
- every cell is wrapped in double quotes, a double quote inside doubled (RFC 4180), so that
  a comma, a semicolon or a line break inside a value stays inside its cell.

A value that begins otherwise comes out as it was: serials, codes, dates and Chinese text
do not change. A program reading the file with a CSV parser gets the same values back,
except the quote before a dangerous first character.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """One cell's text: None is empty; a formula trigger first gets a single quote before it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_line(cells: Iterable[object]) -> str:
    """One CSV record, every cell made safe and quoted, ended by CRLF (RFC 4180)."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(
        safe_cell(cell) for cell in cells
    )
    return buffer.getvalue()
