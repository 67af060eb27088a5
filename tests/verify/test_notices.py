"""The public notice on the verify service: masked names, objections honoured."""

from __future__ import annotations

import pytest

from certs.names import mask_name
from tests.factories import NOW, at, batch_row, bearer, setup_registry


@pytest.fixture
def tokens(registry_app):
    at(registry_app, NOW)
    return setup_registry(registry_app)


def test_a_batch_on_notice_is_public_with_masked_names_only(registry, verify, tokens):
    rows = [batch_row(0, holder_name="欧阳明月"), batch_row(1, holder_name="张伟")]
    batch = registry.post(
        "/api/v1/batches", json={"rows": rows}, headers=bearer(tokens["committee"])
    ).json
    listed = verify.get("/api/v1/notices").json
    assert [n["batch_id"] for n in listed] == [batch["id"]]
    assert listed[0]["notice_to"] == "2026-12-03" and listed[0]["status"] == "notice"
    notice = verify.get(f"/api/v1/notices/{batch['id']}")
    assert notice.status_code == 200
    names = [e["masked_name"] for e in notice.json["entries"]]
    assert names == [mask_name(row["holder_name"]) for row in rows]
    assert all("*" in name for name in names)
    text = notice.get_data(as_text=True)
    for row in rows:
        assert row["holder_name"] not in text and row["holder_id_number"] not in text
    page = verify.get(f"/notices/{batch['id']}").get_data(as_text=True)
    assert "评审结果公示" in page and names[0] in page and "欧阳明月" not in page
    assert verify.get("/api/v1/notices/BNOPE").status_code == 404


def test_an_upheld_objection_takes_the_person_off_the_notice(registry, verify, tokens):
    batch = registry.post(
        "/api/v1/batches",
        json={"rows": [batch_row(0), batch_row(1)]},
        headers=bearer(tokens["committee"]),
    ).json
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
