"""The public page shows whatever status the projection holds, in words, icon and colour,
and the home form forgives how a serial was typed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from certs.status_text import status_text
from registry.projection.models import PublicCertificate
from tests.batch_helpers import title_held
from tests.factories import ID_NUMBERS, NOW, at, bearer, setup_registry
from tests.status_helpers import change


@pytest.fixture
def issued(registry_app, registry):
    tokens = setup_registry(registry_app)
    serial = title_held(registry_app).serial
    response = registry.get(f"/api/v1/certificates/{serial}", headers=bearer(tokens["bureau"]))
    assert response.status_code == 200
    return response.json


def set_status(registry_app, serial, status, reason=None, at=None):
    """As the revocation and suspension services write the projection."""
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(
            sa.update(PublicCertificate)
            .where(PublicCertificate.serial == serial)
            .values(status=status, status_reason=reason, status_changed_at=at)
        )


def banner(verify, serial) -> str:
    html = verify.get(f"/c/{serial}").get_data(as_text=True)
    return html.split('<section class="banner', 1)[1].split("</section>", 1)[0]


def test_a_suspended_certificate_reads_suspended_with_reason_and_date(registry_app, verify, issued):
    at = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    set_status(registry_app, issued["serial"], "suspended", "under_investigation", at)
    shown = banner(verify, issued["serial"])
    assert shown.startswith(' suspended"') and "⏸" in shown
    assert "已暂停" in shown and "Suspended" in shown and "调查中" in shown
    assert "2026-11-20" in shown


def test_a_status_the_page_does_not_know_never_reads_as_valid(registry_app, verify, issued):
    set_status(registry_app, issued["serial"], "withdrawn", "new_reason_class")
    shown = banner(verify, issued["serial"])
    assert shown.startswith(' unknown"') and "⚠" in shown
    heading = shown.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "withdrawn" in heading and "有效" not in heading and "Valid" not in heading
    assert "new_reason_class" in shown


def test_a_compromised_key_reads_as_untrusted():
    text = status_text("key_compromised")
    assert text.css == "signature_invalid" and text.icon == "⚠" and "泄露" in text.title_zh


@pytest.mark.parametrize(
    "typed",
    [
        lambda s: s.lower(),
        lambda s: " ".join(s),  # a space between every symbol
        lambda s: s.replace("-", "—"),  # an em dash from a phone keyboard
        lambda s: "".join(chr(ord(c) + 0xFEE0) for c in s),  # full-width, a Chinese IME
    ],
)
def test_the_home_form_forgives_how_a_serial_was_typed(verify, issued, typed):
    found = verify.get("/search", query_string={"q": typed(issued["serial_display"])})
    assert found.status_code == 303 and found.location.endswith("/c/" + issued["serial"])


def test_the_banner_dates_a_decision_from_when_it_took_effect(registry_app, registry, verify):
    tokens = setup_registry(registry_app)
    at(registry_app, NOW)
    issued = title_held(registry_app)  # decided 2026-11-20, issued 2026-11-26
    holder = registry.post(
        "/api/v1/holder/session",
        json={
            "serial": issued.serial,
            "id_number": ID_NUMBERS[0],
            "access_code": issued.access_code,
        },
    ).json["token"]
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 7}, headers=bearer(holder)
    ).json
    body = {"decision_number": "京人社职停〔2026〕4号", "effective_date": "2026-11-23"}
    suspended = change(registry, issued.serial, tokens["bureau"], action="suspend", **body)
    assert suspended.status_code == 201
    answer = verify.get(f"/api/v1/certificates/{issued.serial}").json
    recorded = answer["status_changed_at"][:10]  # today: when the bureau recorded it
    assert answer["status_effective_date"] == "2026-11-23" != recorded
    share = registry.get("/s/" + link["url"].rsplit("/s/", 1)[1]).get_data(as_text=True)
    share_banner = share.split('<section class="banner', 1)[1].split("</section>", 1)[0]
    for shown in (banner(verify, issued.serial), share_banner):
        assert "Since</span>: 2026-11-23" in shown and recorded not in shown
