"""Status lists and the revocation register as a cache, a subscriber and a verifier see them."""

import datetime as dt

from tests.batch_helpers import past_row, title_held, titles_held
from tests.factories import NOW, at, setup_registry
from tests.status_helpers import REVOKE, change, list_bit, status_index


def test_status_list_is_cacheable_for_its_ttl_and_changes_its_etag_on_a_change(
    registry_app, registry, verify
):
    tokens = setup_registry(registry_app)
    serial = title_held(registry_app).serial
    first = verify.get("/status/revocation")
    assert first.status_code == 200 and first.mimetype == "application/vc+jwt"
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    assert verify.get("/status/revocation", headers={"If-None-Match": etag}).status_code == 304
    assert change(registry, serial, tokens["bureau"], **REVOKE).status_code == 201
    second = verify.get("/status/revocation", headers={"If-None-Match": etag})
    assert second.status_code == 200 and second.headers["ETag"] != etag
    assert verify.get("/status/expiry").status_code == 404


def test_indexes_are_random_not_in_issue_order(registry_app, registry, verify):
    tokens = setup_registry(registry_app)
    serials = titles_held(registry_app, [past_row(i) for i in range(6)])
    indexes = [status_index(registry, serial, tokens["bureau"]) for serial in serials]
    assert len(set(indexes)) == 6
    # Six in a row, ascending and packed at the start, would betray issue order.
    assert indexes != sorted(indexes) or max(indexes) > 1000
    assert all(list_bit(verify, "revocation", index) == 0 for index in indexes)


def test_register_pages_newest_first(registry_app, registry, verify):
    tokens = setup_registry(registry_app)
    serials = titles_held(registry_app, [past_row(i) for i in range(3)])
    for i, serial in enumerate(serials):
        at(registry_app, NOW + dt.timedelta(hours=i + 1))  # revoked one after another
        body = {**REVOKE, "reason": "duplicate", "decision_number": f"京人社职撤〔2026〕{i}号"}
        assert change(registry, serial, tokens["bureau"], **body).status_code == 201
    first = verify.get("/api/v1/revocations?per_page=2").get_json()
    second = verify.get("/api/v1/revocations?per_page=2&page=2").get_json()
    assert first["total"] == 3 and first["next_page"] == 2 and second["next_page"] is None
    listed = [item["serial"] for item in first["items"] + second["items"]]
    assert listed == serials[::-1]
    assert first["items"][0]["reason_zh"] == "重复颁发"
    assert dt.datetime.fromisoformat(first["items"][0]["revoked_at"]) >= dt.datetime.fromisoformat(
        first["items"][1]["revoked_at"]
    )
    assert verify.get("/api/v1/revocations?per_page=0").status_code == 422
