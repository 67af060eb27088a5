"""The status governs downloads, decided in one place
(``registry.certificates.downloads.DOWNLOADS``) that every download path asks: a revoked or
suspended certificate's PDF, credential and QR code are served to nobody as if valid; the
bureau gets a copy stamped with the status, still signed by the bureau."""

from __future__ import annotations

import io

import pypdf
import pytest
import sqlalchemy as sa
from cryptography import x509

from certs.pdf.check import check_pdf
from registry.certificates import downloads
from registry.projection.models import PublicPdfCertificate
from tests.batch_helpers import PAST_DECISION, title_held
from tests.factories import ID_NUMBERS, NOW, bearer, make_pdf_key

PATHS = ("pdf", "credential", "qr.png", "qr.svg")  # under the certificate, or the holder's
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "credential": "application/vc+jwt",
    "qr.png": "image/png",
    "qr.svg": "image/svg+xml",
}
PROBLEM = "application/problem+json"
VERIFY = "https://verify.example.gov.cn"

# status -> (action, decision number, what the stamp and the refusal say in each language)
DECISIONS = {
    "revoked": ("revoke", "京人社职撤〔2026〕9号", "撤销", "REVOKED", "revoked"),
    "suspended": ("suspend", "京人社职停〔2026〕4号", "暂停", "SUSPENDED", "suspended"),
}
EFFECTIVE = "2026-11-25"

# What each caller gets, written out here rather than read from the table it pins.
SERVED = {
    ("bureau", "valid"): {"pdf", "credential", "qr.png", "qr.svg"},
    ("committee", "valid"): {"pdf", "credential", "qr.png", "qr.svg"},
    ("holder", "valid"): {"pdf", "credential", "qr.png", "qr.svg"},
    ("bureau", "suspended"): {"pdf"},
    ("committee", "suspended"): set(),
    ("holder", "suspended"): set(),
    ("bureau", "revoked"): {"pdf"},
    ("committee", "revoked"): set(),
    ("holder", "revoked"): set(),
}


@pytest.fixture
def issued(registry_app, registry, tokens):
    """A certificate from its committee's results batch, with its holder signed in."""
    make_pdf_key(registry_app)
    held = title_held(registry_app, holder_name="欧阳小明")
    holder = registry.post(
        "/api/v1/holder/session",
        json={
            "serial": held.serial,
            "id_number": ID_NUMBERS[0],
            "access_code": held.access_code,
        },
    ).get_json()["token"]
    return {"serial": held.serial, **tokens, "holder": holder}


def decide(registry, issued, status: str) -> None:
    action, number, *_ = DECISIONS[status]
    decided = registry.post(
        f"/api/v1/certificates/{issued['serial']}/status-changes",
        json={
            "action": action,
            "decision_number": number,
            "effective_date": EFFECTIVE,
            **({"reason": "issued_in_error"} if action == "revoke" else {}),
        },
        headers=bearer(issued["bureau"]),
    )
    assert decided.status_code == 201, decided.get_json()


def fetch(registry, issued, caller: str, path: str):
    if caller == "holder":
        url = f"/api/v1/holder/certificate/{path}"
    else:
        url = f"/api/v1/certificates/{issued['serial']}/{path}"
    return registry.get(url, headers=bearer(issued[caller]))


def page_text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", "")


def published(app) -> list[x509.Certificate]:
    with app.extensions["registry"].sessions() as session:
        rows = session.scalars(sa.select(PublicPdfCertificate)).all()
        return [x509.load_pem_x509_certificate(r.certificate.encode()) for r in rows]


@pytest.mark.parametrize("status", ["valid", "suspended", "revoked"])
def test_what_each_caller_gets_in_each_status(registry, issued, status):
    if status != "valid":
        decide(registry, issued, status)
    for caller in ("bureau", "committee", "holder"):
        for path in PATHS:
            answer = fetch(registry, issued, caller, path)
            if path in SERVED[caller, status]:
                assert answer.status_code == 200, (caller, path)
                assert answer.mimetype == MEDIA_TYPES[path], (caller, path)
                # no browser keeps a file to show after a revocation
                assert "no-" in answer.headers.get("Cache-Control", ""), (caller, path)
                continue
            assert answer.status_code == 403 and answer.mimetype == PROBLEM, (caller, path)
            body = answer.get_json()
            _, number, zh, _, en = DECISIONS[status]
            page = f"{VERIFY}/c/{issued['serial']}"
            assert f"{en} on {EFFECTIVE}" in body["detail"] and number in body["detail"]
            assert f"已于 {EFFECTIVE} 被{zh}" in body["detail_zh"] and number in body["detail_zh"]
            assert page in body["detail"] and page in body["detail_zh"]
            assert body["errors"][0]["field"] == "status"
            assert body["errors"][0]["code"] == f"certificate_{status}"
            stamped_hint = "stamped with this status" in body["detail"]
            assert stamped_hint == (caller == "bureau"), (caller, path)


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_the_bureau_gets_a_copy_stamped_with_the_status_and_still_signed(
    registry_app, registry, verify, issued, status
):
    decide(registry, issued, status)
    answer = fetch(registry, issued, "bureau", "pdf")
    assert answer.status_code == 200
    assert f"-{status}-copy.pdf" in answer.headers["Content-Disposition"]
    pdf = answer.get_data()
    text = page_text(pdf)
    _, number, zh, en, _ = DECISIONS[status]
    for expected in (
        f"{zh} {en}",
        f"已{zh}：自 {EFFECTIVE} 起",
        f"{en} since {EFFECTIVE}",
        number,
        "不作为有效证书使用",
        "Not valid as a certificate",
        "欧阳小明",  # the facts are all there: it is a true record
        PAST_DECISION["decision_number"],  # the batch's approval
    ):
        assert expected in text, expected
    assert f"【{zh} {en}】" in pypdf.PdfReader(io.BytesIO(pdf)).metadata.title
    check = check_pdf(pdf, published(registry_app), NOW)
    assert check.trustworthy and check.serial == issued["serial"]
    uploaded = verify.post(
        "/api/v1/pdf",
        data={"pdf": (io.BytesIO(pdf), "copy.pdf", "application/pdf")},
        content_type="multipart/form-data",
    ).get_json()
    assert uploaded["result"] == status and uploaded["pdf_signature"]["signer"]["published"]


def test_the_plain_pdf_cached_while_valid_is_never_returned_after_revocation(registry, issued):
    plain = fetch(registry, issued, "bureau", "pdf").get_data()  # now in the PDF cache
    assert "REVOKED" not in page_text(plain) and "不作为有效证书使用" not in page_text(plain)
    decide(registry, issued, "revoked")
    after = fetch(registry, issued, "bureau", "pdf").get_data()
    assert after != plain and "撤销 REVOKED" in page_text(after)
    assert fetch(registry, issued, "holder", "pdf").status_code == 403
    assert fetch(registry, issued, "committee", "pdf").status_code == 403


def test_a_lifted_suspension_gives_everyone_the_plain_pdf_again(registry, issued):
    decide(registry, issued, "suspended")
    stamped = fetch(registry, issued, "bureau", "pdf").get_data()
    assert "暂停 SUSPENDED" in page_text(stamped)
    lifted = registry.post(
        f"/api/v1/certificates/{issued['serial']}/status-changes",
        json={
            "action": "lift",
            "decision_number": "京人社职复〔2026〕2号",
            "effective_date": NOW.date().isoformat(),
        },
        headers=bearer(issued["bureau"]),
    )
    assert lifted.status_code == 201, lifted.get_json()
    for caller in ("bureau", "committee", "holder"):
        answer = fetch(registry, issued, caller, "pdf")
        assert answer.status_code == 200, caller
        assert "SUSPENDED" not in page_text(answer.get_data()), caller


def test_each_path_asks_the_one_table(registry, issued, monkeypatch):
    """Give a revoked certificate's holder every file in the table and take everything from
    the bureau: every holder path serves (the PDF still only as the stamped copy) and every
    bureau path refuses."""
    decide(registry, issued, "revoked")
    monkeypatch.setitem(downloads.DOWNLOADS, ("holder", "revoked"), downloads.KINDS)
    monkeypatch.setitem(downloads.DOWNLOADS, ("bureau", "revoked"), downloads.NOTHING)
    for path in PATHS:
        answer = fetch(registry, issued, "holder", path)
        assert answer.status_code == 200 and answer.mimetype == MEDIA_TYPES[path], path
    assert "撤销 REVOKED" in page_text(fetch(registry, issued, "holder", "pdf").get_data())
    for path in PATHS:
        answer = fetch(registry, issued, "bureau", path)
        assert answer.status_code == 403 and answer.mimetype == PROBLEM, path
        assert "stamped" not in answer.get_json()["detail"]
