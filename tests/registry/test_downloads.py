"""What a caller may download of a certificate is decided in one place
(``registry.certificates.downloads.DOWNLOADS``), and every download path asks it."""

from __future__ import annotations

import pytest

from registry.certificates import downloads
from tests.factories import ID_NUMBERS, bearer, issue_request, make_pdf_key

ISSUER_PATHS = ("pdf", "credential", "qr.png", "qr.svg")
HOLDER_PATHS = (
    "certificate/pdf",
    "certificate/credential",
    "certificate/qr.png",
    "certificate/qr.svg",
)
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "credential": "application/vc+jwt",
    "qr.png": "image/png",
    "qr.svg": "image/svg+xml",
}


@pytest.fixture
def revoked(registry_app, registry, tokens):
    """A certificate revoked for an error, with its holder signed in before the revocation."""
    make_pdf_key(registry_app)
    issued = registry.post(
        "/api/v1/certificates", json=issue_request(), headers=bearer(tokens["committee"])
    ).get_json()
    holder = registry.post(
        "/api/v1/holder/session",
        json={
            "serial": issued["serial"],
            "id_number": ID_NUMBERS[0],
            "access_code": issued["access_code"],
        },
    ).get_json()["token"]
    decided = registry.post(
        f"/api/v1/certificates/{issued['serial']}/status-changes",
        json={
            "action": "revoke",
            "reason": "issued_in_error",
            "decision_number": "京人社职撤〔2026〕9号",
            "effective_date": "2026-11-26",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert decided.status_code == 201, decided.get_json()
    return issued["serial"], tokens["bureau"], holder


def test_every_path_answers_as_it_always_has_for_a_revoked_certificate(registry, revoked):
    serial, bureau, holder = revoked
    for path in ISSUER_PATHS:
        answer = registry.get(f"/api/v1/certificates/{serial}/{path}", headers=bearer(bureau))
        assert answer.status_code == 200 and answer.mimetype == MEDIA_TYPES[path], path
    for path in HOLDER_PATHS:
        answer = registry.get(f"/api/v1/holder/{path}", headers=bearer(holder))
        assert answer.status_code == 200, path
        assert answer.mimetype == MEDIA_TYPES[path.removeprefix("certificate/")], path


def test_each_path_asks_the_one_table(registry, revoked, monkeypatch):
    """Take the PDF, credential and QR from a revoked certificate's holder in the table:
    every holder path refuses, in both languages, and the issuer's paths do not change."""
    serial, bureau, holder = revoked
    monkeypatch.setitem(downloads.DOWNLOADS, ("holder", "revoked"), frozenset())
    for path in HOLDER_PATHS:
        answer = registry.get(f"/api/v1/holder/{path}", headers=bearer(holder))
        assert answer.status_code == 403 and answer.mimetype == "application/problem+json", path
        assert (
            "revoked" in answer.get_json()["detail"] and "不提供" in answer.get_json()["detail_zh"]
        )
    for path in ISSUER_PATHS:
        answer = registry.get(f"/api/v1/certificates/{serial}/{path}", headers=bearer(bureau))
        assert answer.status_code == 200, path
