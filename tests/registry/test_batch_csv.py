"""Results as CSV files, the way spreadsheets here export them. A CSV file cannot carry a
person's facts (lists of education, work, titles ...), so every row it gives is refused for
want of them (facts_required, naming the workbook); the file is read all the same, and the
other faults of its rows are named with them."""

from __future__ import annotations

import pytest

from registry.batches.rows import read_csv
from tests.factories import bearer, id_number

HEADER = (
    "姓名,身份证号码,工作单位,层级,专业代码,评价方式,申报途径,破格直通车条件,途径依据,技工院校班次,"
    "评审会议日期"
)
STANDARD_DRAFTER = (
    "作为主要起草人（排名前五）编写国家标准；或作为主要起草人（排名前三）编写行业标准或地方标准"
)
ROWS = [
    f"张伟,{id_number(1)},北京电子研究所,工程师,DZXX-01,应用实践,正常申报,,,,2026-11-20",
    (
        f"欧阳明月,{id_number(2)},北京集成电路设计有限公司,高级工程师,DZXX-01,研究设计,破格申报,"
        f"{STANDARD_DRAFTER},京人社 DB11/T 1234-2022 第二起草人,,2026-11-20"
    ),
    "",
    (
        f"李娜,{id_number(3)},北京通信技术学校,助理工程师,DZXX-01,成果转化服务,正常申报,,,高级工班,"
        "2026-11-21"
    ),
]


def other_errors(response) -> list[tuple]:
    """(row, field, code) of each error but the facts a CSV file cannot carry."""
    return [
        (e.get("row"), e["field"], e["code"])
        for e in response.json["errors"]
        if e["code"] != "facts_required"
    ]


def refused_rows_for_facts_only(response) -> list[int]:
    """The rows refused, when the want of facts is all that refused them."""
    assert response.status_code == 422, response.json
    assert other_errors(response) == []
    assert "template.xlsx" in response.json["errors"][0]["message"]
    assert "工作簿" in response.json["errors"][0]["message_zh"]
    return [e["row"] for e in response.json["errors"]]


def post_csv(registry, token, body: bytes, content_type="text/csv; charset=utf-8", **query):
    return registry.post(
        "/api/v1/batches/csv",
        data=body,
        query_string=query,
        headers=bearer(token) | {"Content-Type": content_type},
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030"],
)
def test_a_spreadsheet_export_is_read_in_any_of_its_encodings(registry, tokens, encode):
    body = encode("\r\n".join([HEADER, *ROWS]) + "\r\n")
    read = read_csv(body)
    rows = [row.data for row in read]
    assert [r["holder_name"] for r in rows] == ["张伟", "欧阳明月", "李娜"]
    assert [r["level"] for r in rows] == ["engineer", "senior_engineer", "assistant_engineer"]
    assert rows[1]["route"] == "exceptional" and rows[1]["route_basis"].startswith("京人社")
    assert rows[1]["route_ground"] == "standard_drafter"
    assert rows[2]["technical_school_class"] == "advanced_worker"
    assert [r.number for r in read] == [2, 3, 5]  # spreadsheet rows; the blank line is skipped
    # Every row passes the schema but for the facts a CSV file cannot carry.
    response = post_csv(registry, tokens["committee"], body)
    assert refused_rows_for_facts_only(response) == [2, 3, 5]


def test_csv_errors_name_the_spreadsheet_row(registry, tokens):
    bad = [
        *ROWS[:2],
        f"王芳,{id_number(4)},北京电子研究所,总工程师,DZXX-01,应用实践,,,,,2026-11-20",
    ]
    response = post_csv(registry, tokens["committee"], "\n".join([HEADER, *bad]).encode())
    assert response.status_code == 422
    assert other_errors(response) == [(4, "level", "unknown_level")]
    (error,) = [e for e in response.json["errors"] if e["field"] == "level"]
    assert "职称层级" in error["message_zh"]


def test_unknown_columns_and_unreadable_files_are_refused(registry, tokens):
    response = post_csv(registry, tokens["committee"], "姓名,性别\n张伟,男\n".encode())
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "性别"
    assert response.json["errors"][0]["code"] == "unknown_column"
    garbage = post_csv(registry, tokens["committee"], b"\xff\xff\xff\n\x80\x80")
    assert garbage.status_code == 422 and garbage.json["errors"][0]["code"] == "unknown_encoding"
    wrong_type = post_csv(registry, tokens["committee"], b"{}", content_type="application/json")
    assert wrong_type.status_code == 415


def test_the_bureau_names_the_committee_in_the_query(registry, tokens):
    body = "\n".join([HEADER, ROWS[0]]).encode()
    unnamed = post_csv(registry, tokens["bureau"], body)
    assert unnamed.status_code == 422 and unnamed.json["errors"][0]["field"] == "committee_code"
    response = post_csv(registry, tokens["bureau"], body, committee_code="BJ-DZ-01")
    assert refused_rows_for_facts_only(response) == [2]  # the committee is known


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_in_errors_and_on_the_notice(
    registry, verify, tokens
):
    two_lines = (
        f'王芳,{id_number(4)},"北京电子研究所\n第二研究室",工程师,DZXX-01,应用实践,,,,,2026-11-20'
    )
    lines = [
        ",,,,,,,,,,",  # row 1: left blank above the header
        HEADER,  # row 2
        ROWS[0],  # row 3
        two_lines,  # row 4: a cell with a line break is still one spreadsheet row
        "",  # row 5
        ROWS[1].replace("高级工程师", "总工程师"),  # row 6
    ]
    refused = post_csv(registry, tokens["committee"], "\r\n".join(lines).encode())
    assert refused.status_code == 422
    assert other_errors(refused) == [(6, "level", "unknown_level")]
    lines[-1] = ROWS[1]
    response = post_csv(registry, tokens["committee"], "\r\n".join(lines).encode())
    assert refused_rows_for_facts_only(response) == [3, 4, 6]
    read = read_csv("\r\n".join(lines).encode())
    assert read[1].data["work_unit"] == "北京电子研究所\n第二研究室"


def test_a_csv_without_the_work_unit_column_is_refused_row_by_row(registry, tokens):
    header = HEADER.replace("工作单位,", "")
    rows = [
        f"张伟,{id_number(1)},工程师,DZXX-01,应用实践,正常申报,,,,2026-11-20",
        f"李娜,{id_number(3)},工程师,DZXX-01,应用实践,正常申报,,,,2026-11-20",
    ]
    response = post_csv(registry, tokens["committee"], "\n".join([header, *rows]).encode())
    assert response.status_code == 422
    assert other_errors(response) == [(2, "work_unit", "required"), (3, "work_unit", "required")]


def test_the_talent_type_column_is_headed_by_its_name_and_the_old_header_still_reads(
    registry, tokens
):
    named = HEADER.replace("评价方式", "人才类型")
    body = "\n".join([named, ROWS[0]]).encode()
    assert read_csv(body)[0].data["evaluation_track"] == "application_practice"
    assert read_csv("\n".join([HEADER, ROWS[0]]).encode())[0].data["evaluation_track"] == (
        "application_practice"
    )
    unknown = post_csv(registry, tokens["committee"], "姓名,评价\n张伟,研究设计\n".encode())
    assert "人才类型" in unknown.json["errors"][0]["message_zh"]
