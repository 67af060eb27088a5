"""Reading what the public sees about a certificate's status: the live answer, the status
lists (decoded by the spec's algorithm, signature checked against the published JWKS) and
the revocation register."""

from __future__ import annotations

import json

from certs.credential.jose import b64url_decode
from certs.credential.verify import PublicKeys, verify_credential
from tests.certs.test_status_list import spec_status
from tests.factories import bearer

REVOKE = {
    "action": "revoke",
    "reason": "forged_publications",
    "decision_number": "京人社职撤〔2026〕3号",
    "effective_date": "2026-11-20",
    "note": "举报人：李某，电话 13800000000",
}


def status_index(registry, serial: str, token: str) -> int:
    credential = registry.get(f"/api/v1/certificates/{serial}/credential", headers=bearer(token))
    payload = json.loads(b64url_decode(credential.get_data(as_text=True).split(".")[1]))
    indexes = {entry["statusListIndex"] for entry in payload["credentialStatus"]}
    assert len(indexes) == 1
    return int(indexes.pop())


def list_bit(verify, purpose: str, index: int) -> int:
    response = verify.get(f"/status/{purpose}")
    assert response.status_code == 200, response.data
    keys = PublicKeys.from_jwks(verify.get("/.well-known/jwks.json").get_json())
    verdict = verify_credential(response.get_data(as_text=True), keys)
    assert verdict.valid, verdict.reason
    subject = verdict.credential["credentialSubject"]
    assert subject["statusPurpose"] == purpose
    return spec_status(subject["encodedList"], index)


def change(registry, serial: str, token: str, **body):
    return registry.post(
        f"/api/v1/certificates/{serial}/status-changes", json=body, headers=bearer(token)
    )
