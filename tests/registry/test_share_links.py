"""Share links: time-limited, revocable, listed with who opened them and when."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from registry.certificates.models import Certificate
from registry.holders.share_links import create_share_link, describe_client
from tests.batch_helpers import title_held
from tests.factories import ID_NUMBERS, NOW, bearer, id_number

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def holder_token(registry, tokens, number=ID_NUMBERS[0], name="张三") -> tuple[str, dict]:
    """A holder signed in to a title from a results batch, and the certificate as the bureau
    reads it with the access code handed to the holder."""
    held = title_held(registry.application, holder_id_number=number, holder_name=name)
    issued = {
        **registry.get(
            f"/api/v1/certificates/{held.serial}", headers=bearer(tokens["bureau"])
        ).json,
        "access_code": held.access_code,
    }
    signed_in = registry.post(
        "/api/v1/holder/session",
        json={
            "serial": issued["serial"],
            "id_number": number,
            "access_code": issued["access_code"],
        },
    )
    assert signed_in.status_code == 201, signed_in.json
    return signed_in.json["token"], issued


def test_a_share_link_shows_the_full_name_and_logs_each_opening(registry, tokens):
    token, issued = holder_token(registry, tokens)
    created = registry.post(
        "/api/v1/holder/shares",
        json={"valid_days": 7, "label": "某某公司 HR"},
        headers=bearer(token),
    )
    assert created.status_code == 201, created.json
    link = created.json
    assert link["state"] == "active" and link["views"] == []
    path = "/s/" + link["url"].rsplit("/s/", 1)[1]

    page = registry.get(path, headers={"User-Agent": IPHONE, "X-Real-IP": "203.0.113.5"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "张三" in html and "有效" in html
    assert "110105********002X" in html and issued["serial_display"] in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    registry.get(path)  # the test client's own User-Agent names no known browser

    listed = registry.get("/api/v1/holder/shares", headers=bearer(token)).json
    assert [v["client"] for v in listed[0]["views"]] == ["Mobile Safari on iOS", "unknown"]
    assert "url" not in listed[0] and "203.0.113.5" not in str(listed)


def test_the_holder_picks_the_duration_up_to_the_bureau_limit(registry, tokens):
    token, _ = holder_token(registry, tokens)
    too_long = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 31}, headers=bearer(token)
    )
    assert too_long.status_code == 422
    error = too_long.json["errors"][0]
    assert error["field"] == "valid_days" and "30" in error["message_zh"]
    assert registry.get("/api/v1/holder/shares", headers=bearer(token)).json == []


def test_a_revoked_or_expired_link_stops_working(registry_app, registry, tokens):
    token, issued = holder_token(registry, tokens)
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 1}, headers=bearer(token)
    ).json
    path = "/s/" + link["url"].rsplit("/s/", 1)[1]
    revoked = registry.post(f"/api/v1/holder/shares/{link['id']}/revoke", headers=bearer(token))
    assert revoked.status_code == 200 and revoked.json["state"] == "revoked"
    gone = registry.get(path)
    assert gone.status_code == 404 and "张三" not in gone.get_data(as_text=True)
    assert "已过期或已被持证人撤销" in gone.get_data(as_text=True)

    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        certificate = session.query(Certificate).filter_by(serial=issued["serial"]).one()
        long_ago = NOW - dt.timedelta(days=3)
        _, old_token = create_share_link(session, certificate, {"valid_days": 2}, 30, long_ago)
    assert registry.get(f"/s/{old_token}").status_code == 404
    states = [s["state"] for s in registry.get("/api/v1/holder/shares", headers=bearer(token)).json]
    assert states == ["expired", "revoked"]
    assert all(
        view == []
        for view in [
            s["views"] for s in registry.get("/api/v1/holder/shares", headers=bearer(token)).json
        ]
    )


def test_a_holder_cannot_see_or_revoke_another_holders_link(registry, tokens):
    mine, _ = holder_token(registry, tokens)
    theirs, _ = holder_token(registry, tokens, id_number(5), "李四")
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 3}, headers=bearer(theirs)
    ).json
    for response in (
        registry.get(f"/api/v1/holder/shares/{link['id']}", headers=bearer(mine)),
        registry.post(f"/api/v1/holder/shares/{link['id']}/revoke", headers=bearer(mine)),
    ):
        assert response.status_code == 404
    assert (
        registry.get(f"/api/v1/holder/shares/{link['id']}", headers=bearer(theirs)).json["state"]
        == "active"
    )


def test_share_links_are_audited_without_personal_data(registry, tokens):
    token, issued = holder_token(registry, tokens)
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 2}, headers=bearer(token)
    ).json
    registry.post(f"/api/v1/holder/shares/{link['id']}/revoke", headers=bearer(token))
    records = registry.get(
        "/api/v1/audit", query_string={"actor": "holder:"}, headers=bearer(tokens["bureau"])
    ).json["records"]
    assert [r["action"] for r in records] == ["share_link.create", "share_link.revoke"]
    assert {r["object_id"] for r in records} == {issued["serial"]}
    assert ID_NUMBERS[0] not in str(records) and "张三" not in str(records)


def test_client_descriptions_are_coarse():
    windows = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
    )
    assert describe_client(windows) == "Chrome on Windows"
    assert describe_client("curl/8.5.0") == "curl"
    assert describe_client(None) == "unknown"


def test_the_share_page_looks_like_the_verify_page(registry, tokens, verify):
    token, _issued = holder_token(registry, tokens)
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 7}, headers=bearer(token)
    ).json
    share = registry.get("/s/" + link["url"].rsplit("/s/", 1)[1]).get_data(as_text=True)
    home = verify.get("/").get_data(as_text=True)

    def style(html: str) -> str:
        return re.search(r"<style>(.*)</style>", html, re.DOTALL).group(1)

    assert len(style(share)) > 1000 and style(share) == style(home)
    assert '<section class="banner' in share


@pytest.mark.parametrize("value", ["0", "400", "ten"])
def test_a_wrong_share_link_limit_stops_the_registry_at_start(tmp_path, value):
    from registry.config import Settings, SettingsError

    env = {
        "REGISTRY_VAR_DIR": str(tmp_path),
        "REGISTRY_DEV_SECRETS": "1",
        "REGISTRY_SHARE_LINK_MAX_DAYS": value,
    }
    with pytest.raises(SettingsError, match="REGISTRY_SHARE_LINK_MAX_DAYS"):
        Settings.from_env(env)
    defaults = {"REGISTRY_VAR_DIR": str(tmp_path), "REGISTRY_DEV_SECRETS": "1"}
    assert Settings.from_env(defaults).share_link_max_days == 30


@pytest.mark.parametrize(
    ("action", "number", "title_zh", "title_en"),
    [
        ("revoke", "京人社职撤〔2026〕9号", "已撤销", "Revoked"),
        ("suspend", "京人社职停〔2026〕4号", "已暂停", "Suspended"),
    ],
)
def test_a_share_link_of_a_revoked_or_suspended_certificate_shows_it_and_offers_no_file(
    registry, tokens, action, number, title_zh, title_en
):
    token, issued = holder_token(registry, tokens)
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 7}, headers=bearer(token)
    ).json
    path = "/s/" + link["url"].rsplit("/s/", 1)[1]
    decided = registry.post(
        f"/api/v1/certificates/{issued['serial']}/status-changes",
        json={
            "action": action,
            "decision_number": number,
            "effective_date": "2026-11-25",
            **({"reason": "issued_in_error"} if action == "revoke" else {}),
        },
        headers=bearer(tokens["bureau"]),
    )
    assert decided.status_code == 201, decided.json
    page = registry.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    banner = re.search(r'<section class="banner ([a-z]+)".*?</section>', html, re.DOTALL)
    assert banner.group(1) == action.replace("revoke", "revoked").replace("suspend", "suspended")
    assert title_zh in banner.group(0) and title_en in banner.group(0)
    assert "2026-11-25" in banner.group(0)
    decision = html[banner.end() : html.index("<h2>")]  # between the banner and the facts
    assert number in decision and "2026-11-25" in decision
    assert "不能作为有效职称的证明" in decision and "not proof of a valid title" in decision
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [f"https://verify.example.gov.cn/c/{issued['serial']}"]  # no file offered
