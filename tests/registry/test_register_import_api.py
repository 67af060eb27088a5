"""The bureau's upload of part of the existing register: counts, the refused rows with
their reasons, the access codes once; a dry run writes nothing; the same file again adds
nothing; committees may not; too large or of the wrong type is refused."""

from __future__ import annotations

import csv
import io

import pytest

from tests.registry.test_register_import import HEADER_ZH, row

PATH = "/api/v1/register-imports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_body(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER_ZH)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def upload(registry, token, body, kind="text/csv", query=""):
    return registry.post(
        PATH + query,
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": kind},
    )


def test_an_upload_imports_and_answers_codes_once_and_the_refused_rows(registry, tokens, verify):
    body = csv_body([row(1), row(2, level="总工"), row(3), row(1, original="again")])
    answer = upload(registry, tokens["bureau"], body)
    assert answer.status_code == 200, answer.json
    found = answer.json
    assert (found["imported"], found["duplicates"], found["refused"]) == (2, 1, 1)
    assert found["already_imported"] is False and found["dry_run"] is False
    assert answer.headers["Cache-Control"] == "no-store"
    assert [(r["row"], r["outcome"], r["field"], r["code"]) for r in found["report"]] == [
        (3, "refused", "level", "unknown_level"),
        (5, "duplicate", "level", "duplicate"),
    ]
    assert all(r["message"] and r["message_zh"] for r in found["report"])
    certificates = found["certificates"]
    assert [c["row"] for c in certificates] == [2, 4]
    assert all(len(c["access_code"]) >= 8 for c in certificates)
    serial = certificates[0]["serial"]
    assert certificates[0]["verify_page"].endswith(f"/c/{serial}")
    assert verify.get(f"/api/v1/certificates/{serial}").json["route"]["code"] == "imported"
    # The same file again: nothing added, no codes.
    again = upload(registry, tokens["bureau"], body).json
    assert again["already_imported"] is True and again["certificates"] == []
    assert again["imported"] == 0


def test_a_dry_run_checks_and_writes_nothing(registry, tokens):
    body = csv_body([row(1), row(2, date="2099-01-01")])
    dry = upload(registry, tokens["bureau"], body, query="?dry_run=true").json
    assert (dry["imported"], dry["refused"], dry["dry_run"]) == (1, 1, True)
    assert [c["access_code"] for c in dry["certificates"]] == []
    real = upload(registry, tokens["bureau"], body).json
    assert (real["imported"], real["refused"], real["already_imported"]) == (1, 1, False)


def test_xlsx_is_read_too(registry, tokens):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER_ZH)
    sheet.append(row(9))
    buffer = io.BytesIO()
    book.save(buffer)
    answer = upload(registry, tokens["bureau"], buffer.getvalue(), kind=XLSX)
    assert answer.status_code == 200 and answer.json["imported"] == 1


def test_committees_may_not_import(registry, tokens):
    assert upload(registry, tokens["committee"], csv_body([row(1)])).status_code == 403


def test_wrong_type_too_large_or_unreadable_is_refused(registry, tokens, monkeypatch):
    assert upload(registry, tokens["bureau"], b"{}", kind="application/json").status_code == 415
    monkeypatch.setattr("registry.imports.views.MAX_ROWS", 2)
    many = upload(registry, tokens["bureau"], csv_body([row(1), row(2), row(3)]))
    assert many.status_code == 422 and many.json["errors"][0]["code"] == "too_many_rows"
    monkeypatch.setattr("registry.imports.views.MAX_BYTES", 100)
    assert upload(registry, tokens["bureau"], csv_body([row(1), row(2)])).status_code == 413
    bad = upload(registry, tokens["bureau"], "名字,x\n1,2\n".encode())
    assert bad.status_code == 422, bad.json
