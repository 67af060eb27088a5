"""Issuance publishes the status lists again when an index lies beyond their length, so a
credential never points past the end of its list."""

from __future__ import annotations

import json

import sqlalchemy as sa

from certs.credential.jose import b64url_decode
from certs.credential.status_list import MIN_ENTRIES, list_length
from registry.certificates.models import Certificate
from tests.factories import NOW, at, batch_row, bearer, issue_request, setup_registry
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit
from tests.status_helpers import list_bit, status_index

BEYOND = MIN_ENTRIES + 12_345


def published_length(verify, purpose: str) -> int:
    token = verify.get(f"/status/{purpose}").get_data(as_text=True)
    payload = json.loads(b64url_decode(token.split(".")[1]))
    return list_length(payload["credentialSubject"]["encodedList"])


def issue_one_then_hold_an_index_beyond_the_list(registry_app, registry, verify, tokens):
    """The allocator hands out such an index once half the list is in use (65,536
    certificates: too many to issue here), so one certificate is given it directly."""
    serial = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["bureau"])
    ).json["serial"]
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


def test_issuing_a_certificate_publishes_lists_long_enough(registry_app, registry, verify):
    tokens = setup_registry(registry_app)
    issue_one_then_hold_an_index_beyond_the_list(registry_app, registry, verify, tokens)
    issued = registry.post(
        "/api/v1/certificates",
        json=issue_request(holder_id_number=batch_row(1)["holder_id_number"]),
        headers=bearer(tokens["bureau"]),
    )
    assert issued.status_code == 201, issued.json
    assert_lists_reach(verify, registry, tokens, [issued.json["serial"]])


def test_issuing_a_batch_publishes_lists_long_enough(registry_app, registry, verify):
    at(registry_app, NOW)
    tokens = setup_registry(registry_app)
    issue_one_then_hold_an_index_beyond_the_list(registry_app, registry, verify, tokens)
    batch = submit(registry, tokens["committee"], [batch_row(i) for i in (1, 2)]).json
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch['id']}/issue", json=ISSUE, headers=bearer(tokens["committee"])
    )
    assert issued.status_code == 201, issued.json
    assert_lists_reach(verify, registry, tokens, [c["serial"] for c in issued.json["certificates"]])
