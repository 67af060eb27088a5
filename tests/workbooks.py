"""Results workbooks made as a committee makes them: the downloaded template, filled in."""

from __future__ import annotations

import io

import openpyxl

from registry.batches.rows import COLUMNS
from registry.batches.sheets import PEOPLE, SHEETS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filled_template(template: bytes, rows: list[dict]) -> bytes:
    """``template`` (the .xlsx the registry hands out) with one person per JSON row: the row's
    fields on 人员 (in the template's column order), each list on its sheet, keyed by 行号."""
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    people = workbook[PEOPLE]
    headers = [cell.value for cell in people[1]]
    by_header = {aliases[1]: name for name, aliases in COLUMNS.items()} | {
        "技能等级": "skill_level"
    }
    for index, row in enumerate(rows):
        number = index + 2
        values = {**row, "skill_level": row.get("facts", {}).get("skill_level")}
        for column, header in enumerate(headers, start=1):
            value = values.get(by_header[header])
            people.cell(number, column, value)
        for sheet in SHEETS:
            for entry in _entries(row, sheet.field):
                workbook[sheet.title].append(
                    [number, *(entry.get(column.name) for column in sheet.columns)]
                )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _entries(row: dict, field: str) -> list[dict]:
    if field == "judged":
        return [{"clause": clause} for clause in row.get("judged", [])]
    if field == "ground_details":
        return [row["ground_details"]] if row.get("ground_details") else []
    return row.get("facts", {}).get(field, [])
