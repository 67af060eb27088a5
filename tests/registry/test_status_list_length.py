"""Issuance (a results batch, or the bureau's correction of a certificate issued in error)
publishes the status lists again when an index lies beyond their length, so a credential
never points past the end of its list."""

from __future__ import annotations

import json

import sqlalchemy as sa

from certs.credential.jose import b64url_decode
from certs.credential.status_list import MIN_ENTRIES, list_length
from registry.certificates.models import Certificate
from tests.batch_helpers import past_row, titles_held
from tests.factories import NOW, at, batch_row, bearer, setup_registry
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit
from tests.status_helpers import list_bit, status_index

BEYOND = MIN_ENTRIES + 12_345


def published_length(verify, purpose: str) -> int:
    token = verify.get(f"/status/{purpose}").get_data(as_text=True)
    payload = json.loads(b64url_decode(token.split(".")[1]))
    return list_length(payload["credentialSubject"]["encodedList"])


def hold_an_index_beyond_the_list(registry_app, verify, serial: str) -> None:
    """The allocator hands out such an index once half the list is in use (65,536
    certificates: too many to issue here), so one certificate is given it directly."""
    assert published_length(verify, "revocation") == MIN_ENTRIES
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(
            sa.update(Certificate).where(Certificate.serial == serial).values(status_index=BEYOND)
        )


def assert_lists_reach(verify, registry, tokens, serials):
    for purpose in ("revocation", "suspension"):
        assert published_length(verify, purpose) == 2 * MIN_ENTRIES, purpose
        assert list_bit(verify, purpose, BEYOND) == 0
    for serial in serials:
        assert list_bit(verify, "revocation", status_index(registry, serial, tokens["bureau"])) == 0


def test_a_correction_publishes_lists_long_enough(registry_app, registry, verify):
    at(registry_app, NOW)
    tokens = setup_registry(registry_app)
    beyond, wrong = titles_held(registry_app, [past_row(0), past_row(1)])
    hold_an_index_beyond_the_list(registry_app, verify, beyond)
    replaced_index = status_index(registry, wrong, tokens["bureau"])
    corrected = registry.post(
        "/api/v1/certificates",
        json={
            "replaces": wrong,
            "correction_number": "京人社职更〔2026〕3号",
            "reason": "姓名录入错误",
            "corrections": {"holder_name": "李更"},
        },
        headers=bearer(tokens["bureau"]),
    )
    assert corrected.status_code == 201, corrected.json
    assert_lists_reach(verify, registry, tokens, [corrected.json["serial"]])
    assert list_bit(verify, "revocation", replaced_index) == 1


def test_issuing_a_batch_publishes_lists_long_enough(registry_app, registry, verify):
    at(registry_app, NOW)
    tokens = setup_registry(registry_app)
    [beyond] = titles_held(registry_app, [past_row(0)])
    hold_an_index_beyond_the_list(registry_app, verify, beyond)
    batch = submit(registry, tokens["committee"], [batch_row(i) for i in (1, 2)]).json
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert issued.status_code == 201, issued.json
    assert_lists_reach(verify, registry, tokens, [c["serial"] for c in issued.json["certificates"]])
