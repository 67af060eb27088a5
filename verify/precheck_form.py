"""The pre-check page's form: a fixed number of rows per list (no JavaScript needed), read
into the JSON the API takes, and the schema's field errors put back beside their inputs.

Pure: it reads a mapping of the posted fields and knows no Flask. The form's names are
``<list>-<row>-<field>`` (``work-1-start``) and the top fields' own (``level``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from certs.eligibility.facts import (
    CATEGORIES,
    EDUCATIONS,
    OUTPUT_KINDS,
    ROLES,
    SKILL_LEVELS,
    TIERS,
)
from certs.equivalence import GRADES
from certs.errors import FieldError
from certs.levels import ISSUABLE_CODES, ROUTES, get_level
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES

# Each list: how many rows the page offers, its text and choice fields, its check boxes
# with what a blank row shows. A row is filled when any of its text or choice fields is.
ROWS: dict[str, tuple[int, tuple[str, ...], dict[str, bool]]] = {
    "educations": (3, ("kind", "graduated", "technical_school_class"), {}),
    "work": (4, ("start", "end"), {"in_specialty": True, "part_time": False}),
    "titles": (3, ("tier", "obtained", "series", "certificate_number"), {"same_specialty": True}),
    "qualifications": (2, ("name", "grade", "obtained", "certificate_number"), {}),
    "outputs": (5, ("kind", "role", "count", "date"), {"core_journal": False}),
    "grounds": (2, ("code", "rank", "award_grade", "award_level", "standard_kind", "basis"), {}),
}
TOP_FIELDS = ("level", "route", "category", "skill_level", "reference_date")

Choices = tuple[tuple[str, str, str], ...]  # (value, Chinese, English)
ENGINEERING = (("", "工程系列（本系列）", "Engineering (this series)"),)
OTHER_SERIES = ("经济系列", "会计系列", "统计系列", "卫生系列", "教师系列", "农业系列", "其他系列")
CHOICES: dict[str, Choices] = {
    "level": tuple((c, get_level(c).title_zh, get_level(c).title_en) for c in ISSUABLE_CODES),
    "route": tuple(
        (c, ROUTES[c].name_zh, ROUTES[c].name_en)
        for c in ("regular", "exceptional", "direct_track")
    ),
    "category": tuple((c, zh, en) for c, (zh, en) in CATEGORIES.items()),
    "skill_level": tuple((c, zh, en) for c, (zh, en, _rank) in SKILL_LEVELS.items()),
    "educations.kind": (
        *((c, zh, en) for c, (zh, en, _rank) in EDUCATIONS.items()),
        ("technical_school", "技工院校", "technical school"),
    ),
    "educations.technical_school_class": tuple(
        (c, k.name_zh, k.name_en) for c, k in TECHNICAL_SCHOOL_CLASSES.items()
    ),
    "titles.tier": tuple((c, zh, en) for c, (zh, en, _rank) in TIERS.items()),
    "titles.series": (*ENGINEERING, *((s, s, "") for s in OTHER_SERIES)),
    "qualifications.grade": tuple((c, g.name_zh, g.name_en) for c, g in GRADES.items()),
    "outputs.kind": tuple((c, zh, en) for c, (zh, en) in OUTPUT_KINDS.items()),
    "outputs.role": tuple((c, zh, en) for c, (zh, en) in ROLES.items()),
    "grounds.code": tuple(
        (c, f"{g.clause} {g.wording_zh}", g.wording_en) for c, g in GROUNDS.items()
    ),
    "grounds.award_grade": (
        ("gold", "金奖", "gold"),
        ("silver", "银奖", "silver"),
        ("excellence", "优秀奖", "excellence"),
    ),
    "grounds.award_level": (
        ("national", "国家级", "national"),
        ("provincial", "省级", "provincial"),
        ("ministerial", "部级", "ministerial"),
        ("other", "其他", "other"),
    ),
    "grounds.standard_kind": (
        ("national", "国家标准", "national"),
        ("industry", "行业标准", "industry"),
        ("local", "地方标准", "local"),
    ),
}


@dataclass
class FormState:
    """What the page shows in its inputs, and the errors beside them (by input name)."""

    values: dict[str, str] = field(default_factory=dict)
    checked: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, list[FieldError]] = field(default_factory=dict)
    general: list[FieldError] = field(default_factory=list)

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def is_checked(self, name: str) -> bool:
        return self.checked.get(name, False)


def blank() -> FormState:
    """The form as a first visit shows it."""
    state = FormState(values={"route": "regular"})
    for name, (rows, _fields, boxes) in ROWS.items():
        for row in range(rows):
            for box, default in boxes.items():
                state.checked[f"{name}-{row}-{box}"] = default
    return state


def read_form(posted: Mapping[str, str]) -> tuple[dict[str, Any], FormState, dict[str, list[int]]]:
    """The posted form as the API's JSON body, what to show again, and for each list the
    form row of each item sent (so that an item's error lands on its row)."""
    state = blank()
    body: dict[str, Any] = {}
    for name in TOP_FIELDS:
        typed = (posted.get(name) or "").strip()
        state.values[name] = typed
        if typed:
            body[name] = typed
    rows_of: dict[str, list[int]] = {}
    for name, (rows, fields, boxes) in ROWS.items():
        items, rows_of[name] = [], []
        for row in range(rows):
            cells = {f: (posted.get(f"{name}-{row}-{f}") or "").strip() for f in fields}
            state.values.update({f"{name}-{row}-{f}": v for f, v in cells.items()})
            if not any(cells.values()):
                continue  # a blank row: its boxes keep what a blank row shows
            item: dict[str, Any] = {f: v for f, v in cells.items() if v}
            for box in boxes:
                ticked = f"{name}-{row}-{box}" in posted
                state.checked[f"{name}-{row}-{box}"] = ticked
                item[box] = ticked
            items.append(item)
            rows_of[name].append(row)
        if items:
            body[name] = items
    return body, state, rows_of


def place_errors(state: FormState, errors: list[FieldError], rows_of: dict[str, list[int]]) -> None:
    """Each field error beside its input: ``work.0.end`` is the first work row sent."""
    for error in errors:
        parts = error.field.split(".")
        name: str | None = None
        if parts[0] in TOP_FIELDS and len(parts) == 1:
            name = parts[0]
        elif parts[0] in ROWS and len(parts) == 3 and parts[1].isdigit():
            sent = rows_of.get(parts[0], [])
            if int(parts[1]) < len(sent):
                name = f"{parts[0]}-{sent[int(parts[1])]}-{parts[2]}"
        if name is None:
            state.general.append(error)
        else:
            state.errors.setdefault(name, []).append(error)
