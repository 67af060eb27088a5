"""Results as CSV files, the way spreadsheets here export them."""

from __future__ import annotations

import pytest

from tests.factories import bearer, id_number

HEADER = "姓名,身份证号码,层级,专业代码,评价方式,申报途径,途径依据,评审会议日期"
ROWS = [
    f"张伟,{id_number(1)},工程师,DZXX-01,应用实践,正常申报,,2026-11-20",
    (
        f"欧阳明月,{id_number(2)},高级工程师,DZXX-01,研究设计,破格申报,"
        "京人社职发〔2020〕3号 三(二)3,2026-11-20"
    ),
    "",
    f"李娜,{id_number(3)},助理工程师,DZXX-01,成果转化服务,技工院校毕业生,,2026-11-21",
]


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
    response = post_csv(registry, tokens["committee"], body)
    assert response.status_code == 201, response.json
    rows = response.json["rows"]
    assert [r["holder_name"] for r in rows] == ["张伟", "欧阳明月", "李娜"]
    assert [r["level"] for r in rows] == ["engineer", "senior_engineer", "assistant_engineer"]
    assert rows[1]["route"] == "exceptional" and rows[1]["route_basis"].startswith("京人社")
    assert [r["row"] for r in rows] == [2, 3, 5]  # spreadsheet rows; the blank line is skipped


def test_csv_errors_name_the_spreadsheet_row(registry, tokens):
    bad = [*ROWS[:2], f"王芳,{id_number(4)},总工程师,DZXX-01,应用实践,,,2026-11-20"]
    response = post_csv(registry, tokens["committee"], "\n".join([HEADER, *bad]).encode())
    assert response.status_code == 422
    (error,) = response.json["errors"]
    assert (error["row"], error["field"], error["code"]) == (4, "level", "unknown_level")
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
    assert post_csv(registry, tokens["bureau"], body).status_code == 422
    response = post_csv(registry, tokens["bureau"], body, committee_code="BJ-DZ-01")
    assert response.status_code == 201 and response.json["committee"]["code"] == "BJ-DZ-01"


def test_the_talent_type_column_is_headed_by_its_name_and_the_old_header_still_reads(
    registry, tokens
):
    named = HEADER.replace("评价方式", "人才类型")
    body = "\n".join([named, ROWS[0]]).encode()
    response = post_csv(registry, tokens["committee"], body)
    assert response.status_code == 201, response.json
    assert response.json["rows"][0]["evaluation_track"] == "application_practice"
    unknown = post_csv(registry, tokens["committee"], "姓名,评价\n张伟,研究设计\n".encode())
    assert "人才类型" in unknown.json["errors"][0]["message_zh"]
