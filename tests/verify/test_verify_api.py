"""The public verify service reading what the registry wrote, on both databases."""

import json

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certs.credential.jose import b64url_decode, b64url_encode
from certs.credential.model import CertificateFacts, qr_credential
from certs.credential.sign import Ed25519Signer, sign_credential
from registry.audit.services import Actor
from tests.batch_helpers import title_held
from tests.factories import NOW, bearer, setup_registry


@pytest.fixture
def issued(registry_app, registry):
    tokens = setup_registry(registry_app)
    serial = title_held(registry_app, holder_name="欧阳小明").serial
    response = registry.get(f"/api/v1/certificates/{serial}", headers=bearer(tokens["bureau"]))
    assert response.status_code == 200
    return response.get_json()


def _execute(registry_app, statement, **params):
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(sa.text(statement), params)


def test_lookup_by_serial_shows_status_and_masked_name_only(verify, issued):
    response = verify.get(f"/api/v1/certificates/{issued['serial_display']}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["result"] == "valid" and body["status"] == "valid"
    assert body["masked_name"] == "欧阳*明"
    assert "欧阳小明" not in response.get_data(as_text=True)
    assert "1949" not in response.get_data(as_text=True)
    assert body["title_zh"] == "工程师" and body["level"] == "engineer"
    assert body["committee"]["code"] == "BJ-DZ-01"
    assert body["signature"]["valid"] is True and body["signature"]["kid"] == issued["kid"]


def test_unknown_and_malformed_serials_get_the_same_404(verify, issued):
    unknown = verify.get("/api/v1/certificates/0000-0000-0000-0000")
    malformed = verify.get("/api/v1/certificates/hello")
    typo = verify.get(
        "/api/v1/certificates/"
        + issued["serial"][:-1]
        + ("0" if issued["serial"][-1] != "0" else "1")
    )
    assert unknown.status_code == malformed.status_code == typo.status_code == 404
    assert unknown.mimetype == "application/problem+json"
    assert unknown.data == malformed.data == typo.data


def test_the_qr_text_verifies_with_live_status(verify, issued):
    response = verify.post("/api/v1/verify", json={"qr_text": issued["qr_text"]})
    assert response.status_code == 200
    body = response.get_json()
    assert body["result"] == "valid" and body["token_signature"]["valid"]
    assert body["serial"] == issued["serial"]
    assert body["claims"]["masked_name"] == "欧阳*明"
    assert "欧阳小明" not in response.get_data(as_text=True)


def test_the_downloaded_credential_verifies(verify, registry, issued):
    token = issued["qr_text"].split("/v/")[1]
    body = verify.post("/api/v1/verify", json={"token": token}).get_json()
    assert body["certificate"]["serial"] == issued["serial"]


def test_revocation_in_the_projection_shows_at_once(registry_app, verify, issued):
    _execute(
        registry_app,
        "UPDATE public_certificates SET status='revoked' WHERE serial=:s",
        s=issued["serial"],
    )
    assert verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()["result"] == "revoked"
    body = verify.post("/api/v1/verify", json={"qr_text": issued["qr_text"]}).get_json()
    assert body["result"] == "revoked"


def test_a_row_altered_behind_the_service_is_caught(registry_app, verify, issued):
    _execute(
        registry_app,
        "UPDATE public_certificates SET level='senior_engineer', "
        "title_zh='高级工程师' WHERE serial=:s",
        s=issued["serial"],
    )
    body = verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()
    assert body["result"] == "signature_invalid"
    assert body["signature"]["valid"] is False and body["signature"]["reason"] == "record_mismatch"
    assert "altered" in body["signature"]["message"] and body["signature"]["message_zh"]
    assert body["signature"]["kid"] == issued["kid"]


def _public_record(registry_app) -> str:
    with registry_app.extensions["registry"].engine.connect() as connection:
        return connection.execute(sa.text("SELECT public_record FROM public_certificates")).scalar()


def test_a_public_record_replaced_behind_the_service_is_caught(registry_app, verify, issued):
    header, payload, signature = _public_record(registry_app).split(".")
    record = json.loads(b64url_decode(payload))
    record["level"] = "senior_engineer"
    forged = ".".join([header, b64url_encode(json.dumps(record).encode()), signature])
    _execute(registry_app, "UPDATE public_certificates SET public_record=:c", c=forged)
    _execute(registry_app, "UPDATE public_certificates SET level='senior_engineer'")
    body = verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()
    assert body["result"] == "signature_invalid"
    assert body["signature"]["reason"] == "bad_signature"


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE public_certificates SET masked_name='欧*明'",
        "UPDATE public_certificates SET level='senior_engineer', title_zh='高级工程师'",
        "UPDATE public_certificates SET committee_name_zh='别的委员会'",
        "UPDATE public_certificates SET decision_date='2020-01-01'",
        "UPDATE public_certificates SET kid='another-key'",
    ],
)
def test_any_public_field_altered_behind_the_service_is_caught(
    registry_app, verify, issued, change
):
    _execute(registry_app, change)
    body = verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()
    assert body["result"] == "signature_invalid"
    assert body["signature"]["reason"] == "record_mismatch"
    qr = verify.post("/api/v1/verify", json={"qr_text": issued["qr_text"]}).get_json()
    assert qr["result"] == "signature_invalid"


def test_a_row_without_its_public_record_is_not_vouched_for(registry_app, verify, issued):
    _execute(registry_app, "UPDATE public_certificates SET public_record=NULL")
    body = verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()
    assert body["result"] == "signature_invalid"
    assert body["signature"]["reason"] == "record_unsigned" and body["signature"]["message_zh"]


def test_a_public_record_never_passes_for_a_credential_nor_the_reverse(
    registry_app, verify, issued
):
    record = _public_record(registry_app)
    body = verify.post("/api/v1/verify", json={"token": record}).get_json()
    assert body["result"] == "signature_invalid"
    assert body["token_signature"]["reason"] == "wrong_type"
    token = issued["qr_text"].split("/v/")[1]
    _execute(registry_app, "UPDATE public_certificates SET public_record=:c", c=token)
    body = verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()
    assert body["signature"]["reason"] == "wrong_record_type"


def test_a_signed_token_whose_facts_differ_from_the_record_is_not_valid(
    registry_app, verify, issued
):
    state = registry_app.extensions["registry"]
    with state.sessions() as session:
        signer = state.issuer(session).signer
    facts = CertificateFacts(
        issued["serial"],
        "欧阳大明",  # masks to 欧阳*明 too: the level differs
        "senior_engineer",
        "DZXX-01",
        "电子信息技术",
        "BJ-DZ-01",
        "x",
        "x",
        NOW.date(),
        "research_design",
        NOW,
    )
    token = sign_credential(qr_credential(facts, "https://verify.example.gov.cn"), signer)
    body = verify.post("/api/v1/verify", json={"token": token}).get_json()
    assert body["result"] == "signature_invalid"
    assert body["token_signature"]["valid"] is False
    assert body["token_signature"]["reason"] == "token_mismatch"
    assert body["certificate"]["result"] == "valid"  # the record itself still holds
    page = verify.get(f"/v/{token}").get_data(as_text=True)
    assert "签名无效" in page and "登记库" in page and "有效</" not in page


def test_a_token_from_an_unknown_key_is_not_valid(verify, issued):
    facts = CertificateFacts(
        issued["serial"],
        "欧阳小明",
        "professorate_senior_engineer",
        "DZXX-01",
        "电子信息技术",
        "BJ-DZ-01",
        "x",
        "x",
        NOW.date(),
        "research_design",
        NOW,
    )
    forger = Ed25519Signer.from_private_key(Ed25519PrivateKey.generate())
    token = sign_credential(qr_credential(facts, "https://verify.example.gov.cn"), forger)
    body = verify.post("/api/v1/verify", json={"token": token}).get_json()
    assert body["result"] == "signature_invalid"
    assert body["token_signature"]["reason"] == "unknown_key"
    assert body["certificate"] is None and body["claims"]["masked_name"] is None


def test_a_token_with_an_altered_payload_is_not_valid(verify, issued):
    token = issued["qr_text"].split("/v/")[1]
    header, payload, signature = token.split(".")
    credential = json.loads(b64url_decode(payload))
    credential["credentialSubject"]["level"] = "professorate_senior_engineer"
    forged = ".".join([header, b64url_encode(json.dumps(credential).encode()), signature])
    body = verify.post("/api/v1/verify", json={"token": forged}).get_json()
    assert body["result"] == "signature_invalid"
    assert body["token_signature"]["reason"] == "bad_signature"


@pytest.mark.parametrize(
    "payload", [{}, {"token": "a", "qr_text": "b"}, {"tokens": "x"}, {"token": 5}]
)
def test_verify_requests_must_carry_exactly_one_token(verify, payload):
    response = verify.post("/api/v1/verify", json=payload)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert all(e["message_zh"] for e in response.get_json()["errors"])


def test_jwks_lists_every_key_with_its_status(registry_app, verify, issued):
    from registry.keys.services import rotate_key

    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        rotate_key(session, Actor.operator(), state.keys, NOW)
    verify.application.extensions["verify"].lookup._keys_loaded_at = 0  # skip the cache's 30 s
    keys = verify.get("/.well-known/jwks.json").get_json()["keys"]
    assert {k["status"] for k in keys} == {"active", "retired"}
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" and "d" not in k for k in keys)
    still = verify.get(f"/api/v1/certificates/{issued['serial']}").get_json()
    assert still["result"] == "valid" and still["signature"]["key_status"] == "retired"


def test_the_certificate_page_reads_at_a_glance(verify, issued):
    page = verify.get(f"/c/{issued['serial']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'lang="zh-CN"' in html and "有效" in html and "Valid" in html
    assert "欧阳*明" in html and "欧阳小明" not in html
    assert "<script" not in html and "http://" not in html.split("<body>")[0].replace(
        "http://www.w3.org", ""
    )


def test_the_qr_landing_page_shows_the_certificate(verify, issued):
    path = issued["qr_text"].split("https://verify.example.gov.cn")[1]
    html = verify.get(path).get_data(as_text=True)
    assert "有效" in html and issued["serial_display"] in html


def test_an_unknown_serial_page_says_not_found(verify, issued):
    page = verify.get("/c/0000-0000-0000-0000")
    assert page.status_code == 404 and "未找到" in page.get_data(as_text=True)


def test_the_home_form_accepts_a_typed_serial_or_pasted_qr_text(verify, issued):
    home = verify.get("/").get_data(as_text=True)
    assert '<form method="post" action="/search" role="search">' in home  # nothing in the URL
    typed = verify.post("/search", data={"q": issued["serial_display"].lower()})
    assert typed.status_code == 303 and typed.location.endswith("/c/" + issued["serial"])
    pasted = verify.post("/search", data={"q": issued["qr_text"]}, follow_redirects=True)
    assert "有效" in pasted.get_data(as_text=True)
    wrong = verify.post("/search", data={"q": "11010519491231002X"})
    assert wrong.status_code == 400 and 'aria-invalid="true"' in wrong.get_data(as_text=True)
    # A link with the serial in its query, as older pages and bookmarks have it, still works.
    linked = verify.get("/search", query_string={"q": issued["serial_display"]})
    assert linked.status_code == 303 and linked.location.endswith("/c/" + issued["serial"])
