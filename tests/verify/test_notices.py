"""The public notice on the verify service: while it runs, the full name, work unit, title and
specialty of each person (never an ID number), the objection deadline and where to object;
masked names once it has ended; searchable, a page at a time; objections honoured."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import sqlalchemy as sa

from certs.names import mask_name
from registry.projection.models import PublicNoticeEntry
from tests.factories import NOW, at, batch_row, bearer, setup_registry
from verify import create_app as create_verify
from verify.config import Settings as VerifySettings

CONTACT = "北京市人力资源和社会保障局职称处，电话 010-00000000，北京市通州区某路1号"
LAST_EVENING = dt.datetime(2026, 12, 3, 15, 30, tzinfo=dt.UTC)  # 3 Dec, 23:30 in Beijing
ENDED = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)  # 4 Dec, 00:00 in Beijing


class Clock:
    """verify's clock, which a test moves."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def verify_app(database_url, clock):
    app = create_verify(
        VerifySettings(database_url=database_url, public_base_url="https://verify.example.gov.cn"),
        clock=clock,
    )
    yield app
    app.extensions["verify"].engine.dispose()


@pytest.fixture
def tokens(registry_app):
    state = registry_app.extensions["registry"]
    state.settings = dataclasses.replace(state.settings, notice_objection_contact=CONTACT)
    at(registry_app, NOW)
    return setup_registry(registry_app)


def submit(registry, tokens, rows) -> dict:
    response = registry.post(
        "/api/v1/batches", json={"rows": rows}, headers=bearer(tokens["committee"])
    )
    assert response.status_code == 201, response.json
    return response.json


def close_notices(registry_app) -> str:
    """The daily notice-close step, as the systemd timer runs it."""
    runner = registry_app.test_cli_runner()
    with registry_app.app_context():
        result = runner.invoke(args=["notices", "close"])
    assert result.exit_code == 0, result.output
    return result.output


def stored_names(registry_app, batch_id: str) -> list[tuple]:
    with registry_app.extensions["registry"].engine.connect() as connection:
        return connection.execute(
            sa.select(PublicNoticeEntry.holder_name, PublicNoticeEntry.work_unit)
            .where(PublicNoticeEntry.batch_id == batch_id)
            .order_by(PublicNoticeEntry.row_number)
        ).all()


def test_a_running_notice_lists_full_names_and_work_units_never_an_id_number(
    registry, verify, tokens
):
    rows = [
        batch_row(0, holder_name="欧阳明月", work_unit="北京集成电路设计有限公司"),
        batch_row(1, holder_name="张伟", work_unit="北京电子研究所"),
    ]
    batch = submit(registry, tokens, rows)
    listed = verify.get("/api/v1/notices").json
    assert [n["batch_id"] for n in listed] == [batch["id"]]
    assert listed[0]["notice_to"] == "2026-12-03" and listed[0]["status"] == "notice"
    assert listed[0]["open"] is True
    notice = verify.get(f"/api/v1/notices/{batch['id']}")
    assert notice.status_code == 200
    entries = notice.json["entries"]
    assert [(e["row"], e["name"], e["work_unit"]) for e in entries] == [
        (1, "欧阳明月", "北京集成电路设计有限公司"),
        (2, "张伟", "北京电子研究所"),
    ]
    assert [e["masked_name"] for e in entries] == [mask_name("欧阳明月"), mask_name("张伟")]
    assert {(e["title_zh"], e["specialty"]["name_zh"]) for e in entries} == {
        ("工程师", "电子信息技术")
    }
    page = verify.get(f"/notices/{batch['id']}").get_data(as_text=True)
    assert "欧阳明月" in page and "北京集成电路设计有限公司" in page and "电子信息技术" in page
    for row in rows:
        number = row["holder_id_number"]
        for shown in (notice.get_data(as_text=True), page):
            assert number not in shown and number[-6:] not in shown
    assert verify.get("/api/v1/notices/BNOPE").status_code == 404


def test_the_notice_says_until_when_and_where_to_object(registry, verify, tokens):
    batch = submit(registry, tokens, [batch_row(0)])
    notice = verify.get(f"/api/v1/notices/{batch['id']}").json
    assert notice["objection_deadline"] == "2026-12-03"
    assert notice["objection_contact"] == CONTACT
    page = verify.get(f"/notices/{batch['id']}").get_data(as_text=True)
    assert CONTACT in page and "异议截止" in page
    assert "请于 2026-12-03（含）前向上述单位反映" in page


def test_full_names_are_shown_to_the_last_evening_of_the_notice_in_beijing_and_no_longer(
    registry, verify, tokens, clock
):
    batch = submit(registry, tokens, [batch_row(0, holder_name="欧阳明月")])
    clock.moment = LAST_EVENING
    assert verify.get(f"/api/v1/notices/{batch['id']}").json["entries"][0]["name"] == "欧阳明月"
    assert verify.get(f"/api/v1/notices/{batch['id']}?q=阳明").json["total"] == 1
    clock.moment = ENDED  # the notice-close step has not run yet: verify hides them anyway
    notice = verify.get(f"/api/v1/notices/{batch['id']}").json
    assert notice["open"] is False and notice["closed_at"] is None
    assert notice["entries"][0]["name"] is None and notice["entries"][0]["work_unit"] is None
    assert verify.get(f"/api/v1/notices/{batch['id']}?q=阳明").json["total"] == 0
    page = verify.get(f"/notices/{batch['id']}").get_data(as_text=True)
    assert "欧阳明月" not in page and mask_name("欧阳明月") in page and "公示已结束" in page


def test_after_notice_close_the_public_tables_hold_no_full_name_or_work_unit(
    registry_app, registry, verify, tokens, clock
):
    rows = [batch_row(i, work_unit=f"北京第{i}设计院") for i in range(3)]
    batch = submit(registry, tokens, rows)
    assert stored_names(registry_app, batch["id"]) == [
        (row["holder_name"], row["work_unit"]) for row in rows
    ]
    at(registry_app, LAST_EVENING)
    assert close_notices(registry_app) == "no notice to close\n"
    assert stored_names(registry_app, batch["id"])[0] == (rows[0]["holder_name"], "北京第0设计院")
    at(registry_app, ENDED)
    assert batch["id"] in close_notices(registry_app)
    assert stored_names(registry_app, batch["id"]) == [(None, None)] * 3
    clock.moment = NOW  # even a clock that lags shows no full name: there is none left
    notice = verify.get(f"/api/v1/notices/{batch['id']}").json
    assert notice["closed_at"] is not None and notice["open"] is False
    assert [(e["name"], e["masked_name"], e["work_unit"]) for e in notice["entries"]] == [
        (None, mask_name(row["holder_name"]), None) for row in rows
    ]
    page = verify.get(f"/notices/{batch['id']}").get_data(as_text=True)
    assert not [row for row in rows if row["holder_name"] in page or row["work_unit"] in page]
    assert mask_name(rows[0]["holder_name"]) in page


def test_a_notice_is_searched_by_name_work_unit_or_specialty_a_page_at_a_time(
    registry, verify, tokens
):
    rows = [
        batch_row(i, work_unit="北京电子研究所" if i % 2 else "北京示范大学") for i in range(120)
    ]
    rows[77] = batch_row(77, holder_name="欧阳明月", work_unit="北京集成电路设计有限公司")
    batch = submit(registry, tokens, rows)
    url = f"/api/v1/notices/{batch['id']}"
    first = verify.get(url).json
    assert (first["listed"], first["total"], first["page"], first["per_page"]) == (120, 120, 1, 50)
    assert [e["row"] for e in first["entries"]] == list(range(1, 51))
    assert first["next_page"] == 2
    last = verify.get(url, query_string={"page": 3}).json
    assert [e["row"] for e in last["entries"]] == list(range(101, 121))
    assert last["next_page"] is None
    by_name = verify.get(url, query_string={"q": "欧阳"}).json
    assert [(e["row"], e["name"]) for e in by_name["entries"]] == [(78, "欧阳明月")]
    by_unit = verify.get(url, query_string={"q": "集成电路"}).json
    assert [e["row"] for e in by_unit["entries"]] == [78]
    assert verify.get(url, query_string={"q": "电子研究所"}).json["total"] == 59
    by_specialty = verify.get(url, query_string={"q": "electronic INFORMATION"}).json
    assert by_specialty["total"] == 120 and len(by_specialty["entries"]) == 50
    assert verify.get(url, query_string={"q": "dzxx-01", "per_page": 500}).json["total"] == 120
    assert verify.get(url, query_string={"q": "100%"}).json["total"] == 0  # % is not a wildcard
    assert verify.get(url, query_string={"page": 0}).status_code == 422
    page = verify.get(f"/notices/{batch['id']}", query_string={"page": 2}).get_data(as_text=True)
    assert "第 2 页，共 3 页" in page
    shown = re.findall(r"<tr><td>(\d+)</td>", page)
    assert shown == [str(n) for n in range(51, 101)]
    links = re.findall(r'href="([^"]*page=\d[^"]*)"', page)
    assert sorted(links) == [f"/notices/{batch['id']}?page=1", f"/notices/{batch['id']}?page=3"]
    found = verify.get(f"/notices/{batch['id']}", query_string={"q": "欧阳明月"})
    text = found.get_data(as_text=True)
    assert "北京集成电路设计有限公司" in text and re.findall(r"<tr><td>(\d+)</td>", text) == ["78"]
    assert 'value="欧阳明月"' in text and "共 " not in text  # one page: no pager


def test_the_home_page_links_to_the_notices_running_today(registry, verify, tokens, clock):
    batch = submit(registry, tokens, [batch_row(0)])
    home = verify.get("/").get_data(as_text=True)
    assert f'href="/notices/{batch["id"]}"' in home and "异议截止 2026-12-03" in home
    assert 'href="/notices"' in home
    clock.moment = ENDED
    home = verify.get("/").get_data(as_text=True)
    assert f'href="/notices/{batch["id"]}"' not in home and "目前没有正在公示" in home
    assert 'href="/notices"' in home


def test_an_upheld_objection_takes_the_person_off_the_notice(registry, verify, tokens):
    batch = submit(registry, tokens, [batch_row(0), batch_row(1)])
    url = f"/api/v1/batches/{batch['id']}/objections"
    objection = registry.post(
        url, json={"row": 1, "summary": "学历造假"}, headers=bearer(tokens["bureau"])
    ).json
    assert len(verify.get(f"/api/v1/notices/{batch['id']}").json["entries"]) == 2
    registry.post(
        f"{url}/{objection['id']}/outcome",
        json={"outcome": "upheld", "reason": "查证属实"},
        headers=bearer(tokens["bureau"]),
    )
    entries = verify.get(f"/api/v1/notices/{batch['id']}").json["entries"]
    assert [e["row"] for e in entries] == [2]
    assert "学历造假" not in verify.get(f"/notices/{batch['id']}").get_data(as_text=True)
