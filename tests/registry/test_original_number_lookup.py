"""The public look-up of an imported title by its original number and the holder's full
name: every match, masked; a number alone, or with another name, finds nothing; limited per
client; neither the number nor the name reaches a URL or a log."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest

from tests.factories import id_number
from tests.registry.test_register_import import BODY, codes_rows, imported, row  # noqa: F401 (imported: a fixture)

PATH = "/public/original-number"
OTHER_BODY = "北京市工程技术系列中级职称评审委员会（原）"


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, original_number_lookups_per_hour=8)


@pytest.fixture
def register(imported):  # noqa: F811 (the fixture, imported above)
    rows = [
        row(1, name="欧阳 Mary", original="京工字第０００１２号", level="工程师"),
        row(2, name="欧阳 Mary", id=id_number(1), original="京工字第00012号", level="高级工程师",
            date="2019-05-01"),  # the same person, a second title under the same number
        row(3, name="张伟", original="京工字第00012号", body=OTHER_BODY),  # another body
    ]  # fmt: skip
    _, _, codes = imported(rows)
    return {r[0]: r[1].replace("-", "") for r in codes_rows(codes)}  # row -> serial


def test_number_and_name_find_every_match_whatever_the_width_spaces_and_case(register, registry):
    answer = registry.post(
        PATH, json={"original_number": " 京工字第00012号", "full_name": "欧阳mary"}
    )
    assert answer.status_code == 200
    matches = answer.json["matches"]
    assert [m["title_zh"] for m in matches] == ["工程师", "高级工程师"]
    first = matches[0]
    assert first["masked_name"] != "欧阳 Mary" and "Mary" not in str(answer.json)
    assert first["issuing_body"] == BODY and first["specialty"] == "电子信息技术"
    assert first["original_number"] == "京工字第０００１２号"  # as written then
    assert first["decision_date"] == "2015-06-30" and first["source_zh"] == "纸质证书（2015）"
    assert first["status"]["code"] == "valid"
    assert first["verify_url"] == f"https://verify.example.gov.cn/c/{register['2']}"
    # Full-width digits and a full-width space in the name, as a Chinese input method types.
    page = registry.post(
        PATH,
        data={
            "original_number": "京工字第０００１２号",
            "full_name": "欧阳\u3000\uff2d\uff21\uff32\uff39",
        },
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "找到 2 条登记" in text
    assert f"https://verify.example.gov.cn/c/{register['3']}" in text
    assert "Mary" not in text and "MARY" not in text


def test_the_same_number_under_another_body_shows_only_the_named_holder(register, registry):
    matches = registry.post(
        PATH, json={"original_number": "京工字第00012号", "full_name": "张伟"}
    ).json["matches"]
    assert [(m["issuing_body"], m["serial"]) for m in matches] == [(OTHER_BODY, register["4"])]


@pytest.mark.parametrize("name", ["张三", "", "欧阳"])
def test_a_wrong_or_missing_name_finds_nothing_and_says_no_more(register, registry, name):
    assert registry.post(
        PATH, json={"original_number": "京工字第00012号", "full_name": name}
    ).json == {"matches": []}
    page = registry.post(PATH, data={"original_number": "京工字第00012号", "full_name": name})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "未找到" in text
    for odd in ("[1, 2]", '"text"', "null", "{"):  # JSON that is no object finds nothing
        found = registry.post(PATH, data=odd, content_type="application/json")
        assert found.json == {"matches": []}
    # The same answer as for a number nobody holds.
    unknown = registry.post(PATH, data={"original_number": "no such", "full_name": name})
    assert unknown.get_data(as_text=True) == text


def test_a_client_past_its_look_ups_for_the_hour_gets_429(register, registry):
    body = {"original_number": "x", "full_name": "y"}
    for _ in range(8):
        assert registry.post(PATH, json=body).status_code == 200
    refused = registry.post(PATH, json=body)
    assert refused.status_code == 429
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert refused.json["status"] == 429
    page = registry.post(PATH, data=body)
    assert page.status_code == 429 and "查询次数过多" in page.get_data(as_text=True)
    # Another client (nginx passes its address) still has its own.
    other = registry.post(
        PATH,
        json=body,
        headers={"X-Real-IP": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert other.status_code == 200


def test_the_name_and_number_stay_out_of_urls_and_logs(register, registry, caplog):
    caplog.set_level(logging.DEBUG)
    form = registry.get(PATH).get_data(as_text=True)
    assert 'method="post"' in form and 'action="/public/original-number"' in form
    registry.post(PATH, data={"original_number": "京工字第00012号", "full_name": "欧阳 Mary"})
    logged = caplog.text
    assert "欧阳" not in logged and "Mary" not in logged and "00012" not in logged


def test_the_access_log_line_of_a_look_up_holds_neither(register, registry):
    from types import SimpleNamespace

    from gunicorn.config import Config

    from webbase.access_log import RedactingLogger

    answer = registry.post(
        PATH, data={"original_number": "京工字第00012号", "full_name": "欧阳 Mary"}
    )
    environ = answer.request.environ
    logger = RedactingLogger(Config())
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms(SimpleNamespace(status="200 OK", headers=[], sent=10), request, environ,
                         dt.timedelta(milliseconds=3))  # fmt: skip
    line = logger.cfg.access_log_format % atoms
    assert '"POST /public/original-number' in line
    for secret in ("欧阳", "Mary", "00012", "%E6%AC%A7"):
        assert secret not in line


def test_verify_home_links_to_the_look_up(verify):
    page = verify.get("/").get_data(as_text=True)
    assert 'href="http://127.0.0.1:8000/public/original-number"' in page
