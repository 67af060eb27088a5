"""Importing the bureau's existing register: every encoding and Excel, legacy level names,
15-digit ID numbers, duplicates, future dates, 高级工程师（教授级） after the reform refused,
reruns that add nothing, and the whole path to verify and the holder's sign-in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.factories import ID_NUMBERS, id_number

HEADER_ZH = [
    "姓名",
    "身份证号码",
    "职称",
    "专业",
    "发证机构",
    "批准文号",
    "批准日期",
    "证书编号",
    "来源",
    "年份",
]
HEADER_EN = [
    "name", "id_number", "level", "specialty", "issuing_body", "decision_number",
    "decision_date", "original_number", "source", "source_year",
]  # fmt: skip
BODY = "北京市工程技术系列高级职称评审委员会（原）"


def fifteen(index: int) -> str:
    """A legacy 15-digit number (born 1965)."""
    return f"110105650101{index:03d}"


def row(index: int, **over) -> list[str]:
    data = {
        "name": "王" + chr(0x4E00 + index),
        "id": id_number(index),
        "level": "工程师",
        "specialty": "电子信息技术",
        "body": BODY,
        "number": "京职改〔2015〕12号",
        "date": "2015-06-30",
        "original": f"No.{index:06d}",
        "source": "纸质证书",
        "year": "2015",
        **over,
    }
    return list(data.values())


def write_csv(path: Path, rows: list[list[str]], encoding="utf-8", header=HEADER_ZH) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def report_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))[1:]


def codes_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))[1:]


@pytest.fixture
def imported(tokens, cli, tmp_path):
    def run(rows, name="register.csv", *extra, **kwargs):
        path = write_csv(tmp_path / name, rows, **kwargs)
        out = cli(
            "import-register",
            str(path),
            "--report",
            str(tmp_path / f"{name}.r.csv"),
            "--codes",
            str(tmp_path / f"{name}.c.csv"),
            *extra,
        )
        return out, tmp_path / f"{name}.r.csv", tmp_path / f"{name}.c.csv"

    return run


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_import_reads_every_encoding_with_legacy_names_and_15_digit_numbers(imported, encoding):
    rows = [
        row(1, level="教授级高工", date="2018-12-01"),
        row(2, level="中级", id=fifteen(2)),
        row(3, level="助工"),
        row(4, level="高级工程师（教授级）", date="2019年3月5日"),
    ]
    out, report, codes = imported(rows, encoding=encoding)
    assert "imported 4, duplicates 0, refused 0" in out
    assert len(codes_rows(codes)) == 4
    assert (codes.stat().st_mode & 0o777) == 0o600
    assert report_rows(report) == []


def test_import_refuses_rows_with_reasons_in_both_languages(imported):
    rows = [
        row(1, level="高级工程师（教授级）", date="2021-01-05"),  # after the reform
        row(2, level="正高级工程师", date="2019-01-05"),  # before the reform
        row(3, date="2099-01-01"),  # in the future
        row(4, level="总工"),
        row(5, id="110105199001010000"),
        row(6),
    ]
    out, report, _ = imported(rows)
    assert "imported 1, duplicates 0, refused 5" in out
    found = {(r[0], r[2], r[3]) for r in report_rows(report)}
    assert ("2", "decision_date", "level_no_longer_in_force") in found
    assert ("3", "decision_date", "level_not_yet_in_force") in found
    assert ("4", "decision_date", "in_future") in found
    assert ("5", "level", "unknown_level") in found
    assert ("6", "id_number", "invalid_id_number") in found
    assert all(r[4] and r[5] for r in report_rows(report))  # English and Chinese


def test_duplicates_are_reported_not_recorded_and_a_rerun_adds_nothing(imported, cli, tmp_path):
    rows = [row(1), row(1, original="other"), row(2)]
    out, report, _ = imported(rows)
    assert "imported 2, duplicates 1, refused 0" in out
    assert [r[1:4] for r in report_rows(report)] == [["duplicate", "level", "duplicate"]]
    again = cli(
        "import-register",
        str(tmp_path / "register.csv"),
        "--report",
        str(tmp_path / "again.csv"),
        "--codes",
        str(tmp_path / "again-codes.csv"),
    )
    assert "already imported" in again
    # The same people in another file: reported as duplicates.
    out, _, _ = imported([row(1), row(2)], name="second.csv")
    assert "imported 0, duplicates 2" in out


def test_dry_run_writes_nothing(imported, registry_app):
    out, _, codes = imported([row(1), row(2, date="2099-01-01")], "dry.csv", "--dry-run")
    assert "would import 1, duplicates 0, refused 1" in out
    assert not codes.exists()
    out, _, _ = imported([row(1)], "real.csv")
    assert "imported 1" in out


def test_xlsx_with_english_headers(tokens, cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER_EN)
    first = row(7, level="Engineer", source="e_certificate")
    first[6] = dt.datetime(2016, 5, 4)  # noqa: DTZ001 (a date cell, as Excel keeps it)
    sheet.append(first)
    sheet.append(row(8, id=int(fifteen(8)), year=2010))  # numbers as Excel keeps them
    path = tmp_path / "register.xlsx"
    book.save(path)
    out = cli(
        "import-register",
        str(path),
        "--report",
        str(tmp_path / "r.csv"),
        "--codes",
        str(tmp_path / "c.csv"),
    )
    assert "imported 2, duplicates 0, refused 0" in out, out


def test_the_whole_path_verify_shows_it_registered_and_the_holder_signs_in(
    imported, registry, verify_app
):
    rows = [
        row(
            1,
            id=ID_NUMBERS[1],
            level="教授级高级工程师",
            date="2012-09-01",
            original="京高工教字第0087号",
            source="电子证书",
            specialty="电子信息技术",
        )
    ]
    _, _, codes = imported(rows)
    [(_row, serial, name, _level, code)] = codes_rows(codes)
    verify = verify_app.test_client()
    answer = verify.get(f"/api/v1/certificates/{serial}").json
    assert answer["result"] == "valid", answer
    assert answer["route"]["code"] == "imported"
    assert answer["registration"]["status_zh"] == "登记在册"
    assert answer["registration"]["original_number"] == "京高工教字第0087号"
    assert answer["registration"]["source"]["code"] == "e_certificate"
    assert answer["committee"]["name_zh"] == BODY
    assert answer["specialty"]["code"] == "DZXX-01"  # mapped onto the catalogue
    assert answer["title_zh"] == "高级工程师（教授级）"
    page = verify.get(f"/c/{serial}").get_data(as_text=True)
    assert "登记在册" in page and "京高工教字第0087号" in page
    facts = page[page.index("<dl>") : page.index("</ul>")]
    assert "公示" not in facts and "取得途径" not in facts and "Committee" not in facts
    assert name not in page
    signed_in = registry.post(
        "/api/v1/holder/session",
        json={"serial": serial, "id_number": ID_NUMBERS[1], "access_code": code},
    )
    assert signed_in.status_code == 201, signed_in.json
    # The historical body is no committee anyone lists.
    committees = verify.get("/api/v1/committees").get_data(as_text=True)
    assert "REGISTER" not in committees


def test_a_rerun_reports_and_codes_a_chunk_committed_just_before_a_stop(
    imported, cli, registry_app, tmp_path
):
    """The window a kill can hit: a chunk committed, its report and codes not yet written."""
    from sqlalchemy import update

    from registry.imports.models import ImportRun

    rows = [row(1), row(2, level="总工"), row(3), row(1, original="again")]
    out, _, first_codes = imported(rows)
    assert "imported 2, duplicates 1, refused 1" in out
    with registry_app.extensions["registry"].sessions() as session, session.begin():
        session.execute(update(ImportRun).values(status="running", codes_through=0))
    again = cli(
        "import-register",
        str(tmp_path / "register.csv"),
        "--report",
        str(tmp_path / "again.csv"),
        "--codes",
        str(tmp_path / "again-codes.csv"),
    )
    assert "resumed after row 5" in again and "imported 0" in again
    assert sorted(r[:4] for r in report_rows(tmp_path / "again.csv")) == [
        ["3", "refused", "level", "unknown_level"],
        ["5", "duplicate", "level", "duplicate"],
    ]
    new_codes = codes_rows(tmp_path / "again-codes.csv")
    assert [r[1] for r in new_codes] == [r[1] for r in codes_rows(first_codes)]
    assert [r[4] for r in new_codes] != [r[4] for r in codes_rows(first_codes)]
