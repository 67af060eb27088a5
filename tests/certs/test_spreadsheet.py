"""CSV cells a spreadsheet program reads as text, never as a formula (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from certs.spreadsheet import FORMULA_TRIGGERS, csv_line, safe_cell


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_with_a_formula_trigger_gets_a_single_quote(first):
    assert first in FORMULA_TRIGGERS
    assert safe_cell(first + 'HYPERLINK("http://x")') == "'" + first + 'HYPERLINK("http://x")'


@pytest.mark.parametrize(
    "value",
    [
        "JZS-1",
        "7KQ4-M2XD-9P3R-TG8W",
        "2026-11-20",
        "京人社职撤〔2026〕3号",
        "a=b",
        " =x",
        "'=x",
        "",
    ],
)
def test_other_cells_are_unchanged(value):
    assert safe_cell(value) == value


def test_none_is_empty_and_other_values_are_their_text():
    assert [safe_cell(v) for v in (None, False, 3, -1)] == ["", "False", "3", "'-1"]


def test_every_cell_is_quoted_and_the_line_ends_in_crlf():
    line = csv_line(["JZS-1", 'say "hi", then go', "=1+1", None, "a\r\nb"])
    assert line == '"JZS-1","say ""hi"", then go","\'=1+1","","a\r\nb"\r\n'
    assert next(csv.reader(io.StringIO(line, newline=""))) == [
        "JZS-1",
        'say "hi", then go',
        "'=1+1",
        "",
        "a\r\nb",
    ]
