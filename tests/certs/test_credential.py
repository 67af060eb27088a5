"""The credential: its shape, its signature, and verification by independent JOSE libraries."""

import datetime as dt
import json
import warnings
from pathlib import Path

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jws as joserfc_jws
from joserfc.jwk import KeySet as JoserfcKeySet
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from certs.credential.jose import b64url_decode, b64url_encode, jwk_thumbprint, public_jwk
from certs.credential.model import (
    CertificateFacts,
    full_credential,
    public_record,
    public_record_of,
    qr_credential,
)
from certs.credential.sign import Ed25519Signer, sign_credential, sign_public_record
from certs.credential.verify import (
    PublicKey,
    PublicKeys,
    token_kid,
    verify_credential,
    verify_public_record,
)
from certs.names import mask_name

VECTORS = Path(__file__).parent.parent / "vectors"
ID_NUMBER = "11010519491231002X"
FACTS = CertificateFacts(
    serial="7KQ4M2XD9P3RTG8W",
    holder_name="欧阳小明",
    level="senior_engineer",
    specialty_code="DZXX-01",
    specialty_name="电子信息技术",
    committee_code="BJ-DZ-01",
    committee_name="北京市电子信息专业评审委员会",
    decision_number="京人社职评〔2026〕8号",
    decision_date=dt.date(2026, 6, 30),
    evaluation_track="research_design",
    issued_at=dt.datetime(2026, 7, 15, 8, 30, tzinfo=dt.UTC),
)
ISSUER = "https://verify.example.gov.cn"


@pytest.fixture(scope="module")
def signer():
    seed = bytes.fromhex(json.loads((VECTORS / "credential.json").read_text())["private_seed_hex"])
    return Ed25519Signer.from_private_key(Ed25519PrivateKey.from_private_bytes(seed))


@pytest.fixture(scope="module")
def jwks(signer):
    return {"keys": [{**public_jwk(signer.private_key.public_key()), "kid": signer.kid}]}


@pytest.fixture(scope="module")
def token(signer):
    return sign_credential(full_credential(FACTS, ISSUER, "北京市人力资源和社会保障局"), signer)


def test_token_matches_the_fixed_test_vector(token):
    vector = json.loads((VECTORS / "credential.json").read_text())
    assert token == vector["token"]


def test_header_says_eddsa_vc_jwt_and_kid_is_the_rfc7638_thumbprint(token, jwks):
    header = json.loads(b64url_decode(token.split(".")[0]))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt" and header["cty"] == "vc"
    key = jwcrypto_jwk.JWK(**jwks["keys"][0])
    assert header["kid"] == key.thumbprint() == jwk_thumbprint(jwks["keys"][0])


def test_payload_is_a_vc_2_0_with_the_certificate_facts_and_no_id_number(token):
    payload_bytes = b64url_decode(token.split(".")[1])
    credential = json.loads(payload_bytes)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "VerifiableCredential" in credential["type"]
    assert credential["issuer"]["id"] == ISSUER
    assert credential["validFrom"] == "2026-07-15T08:30:00Z"
    subject = credential["credentialSubject"]
    assert subject["name"] == "欧阳小明" and subject["title"] == "高级工程师"
    assert subject["level"] == "senior_engineer"
    assert subject["specialty"] == {"code": "DZXX-01", "name": "电子信息技术"}
    assert subject["committee"]["code"] == "BJ-DZ-01"
    assert subject["approval"] == {"decisionNumber": "京人社职评〔2026〕8号", "date": "2026-06-30"}
    assert ID_NUMBER.encode() not in payload_bytes and b"1949" not in payload_bytes


def test_jwcrypto_verifies_with_the_published_jwks(token, jwks):
    keyset = jwcrypto_jwk.JWKSet.from_json(json.dumps(jwks))
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.verify(keyset.get_key(json.loads(b64url_decode(token.split(".")[0]))["kid"]))
    assert json.loads(signed.payload)["credentialSubject"]["name"] == "欧阳小明"


def test_pyjwt_verifies_the_signature(token, jwks):
    key = pyjwt.PyJWK(jwks["keys"][0])
    assert (
        pyjwt.api_jws.decode_complete(token, key, algorithms=["EdDSA"])["header"]["typ"] == "vc+jwt"
    )


def test_joserfc_verifies_when_eddsa_is_allowed_explicitly(token, jwks):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc 1.8 warns that RFC 9864 deprecates "EdDSA"
        result = joserfc_jws.deserialize_compact(
            token, JoserfcKeySet.import_key_set(jwks), algorithms=["EdDSA"]
        )
    assert json.loads(result.payload)["id"] == "urn:cn-title:7KQ4M2XD9P3RTG8W"


def test_our_verifier_accepts_the_token(token, jwks):
    verdict = verify_credential(token, PublicKeys.from_jwks(jwks))
    assert verdict.valid and verdict.reason is None
    assert verdict.credential["credentialSubject"]["serialNumber"] == FACTS.serial


def test_our_verifier_accepts_tokens_signed_by_other_libraries(signer, jwks):
    """Agreement with the independent libraries, in the other direction."""
    payload = json.dumps(qr_credential(FACTS, ISSUER)).encode()
    key = jwcrypto_jwk.JWK.from_pyca(signer.private_key)
    for alg in ("EdDSA", "Ed25519"):
        signed = jwcrypto_jws.JWS(payload)
        signed.allowed_algs = ["EdDSA", "Ed25519"]
        signed.add_signature(
            key, alg, protected={"alg": alg, "typ": "vc+jwt", "cty": "vc", "kid": signer.kid}
        )
        assert verify_credential(signed.serialize(compact=True), PublicKeys.from_jwks(jwks)).valid


def _replace_payload(token: str, change) -> str:
    header, payload, signature = token.split(".")
    credential = json.loads(b64url_decode(payload))
    change(credential)
    return ".".join([header, b64url_encode(json.dumps(credential).encode()), signature])


def test_an_altered_payload_is_reported_as_a_bad_signature(token, jwks):
    def promote(credential):
        credential["credentialSubject"]["level"] = "professorate_senior_engineer"

    forged = _replace_payload(token, promote)
    verdict = verify_credential(forged, PublicKeys.from_jwks(jwks))
    assert not verdict.valid and verdict.reason == "bad_signature"
    signed = jwcrypto_jws.JWS()
    signed.deserialize(forged)
    with pytest.raises(jwcrypto_jws.InvalidJWSSignature):
        signed.verify(jwcrypto_jwk.JWK(**jwks["keys"][0]))


def test_a_token_signed_by_an_unknown_key_is_reported_as_such(jwks):
    stranger = Ed25519Signer.from_private_key(Ed25519PrivateKey.generate())
    verdict = verify_credential(
        sign_credential(qr_credential(FACTS, ISSUER), stranger), PublicKeys.from_jwks(jwks)
    )
    assert verdict.reason == "unknown_key" and verdict.kid == stranger.kid


def test_a_stranger_reusing_our_kid_fails_the_signature(signer, jwks):
    impostor = Ed25519Signer(Ed25519PrivateKey.generate(), signer.kid)
    verdict = verify_credential(
        sign_credential(qr_credential(FACTS, ISSUER), impostor), PublicKeys.from_jwks(jwks)
    )
    assert verdict.reason == "bad_signature"


@pytest.mark.parametrize(
    "text", ["", "abc", "a.b", "a.b.c", "!!.??.##", "eyJhbGciOiJFZERTQSJ9.e30", "令牌.令牌.令牌"]
)
def test_malformed_tokens_are_reported_not_raised(text, jwks):
    verdict = verify_credential(text, PublicKeys.from_jwks(jwks))
    assert not verdict.valid and verdict.reason in ("malformed", "unsupported_algorithm")
    assert verdict.message and verdict.message_zh


def _with_header(token: str, header: str) -> str:
    return b64url_encode(header.encode()) + "." + ".".join(token.split(".")[1:])


@pytest.mark.parametrize(
    "header",
    [
        '{"alg": "EdDSA", "typ": "vc+jwt", "kid": ["a", "b"]}',
        '{"alg": "EdDSA", "typ": "vc+jwt", "kid": {"a": 1}}',
        '{"alg": "EdDSA", "typ": "vc+jwt", "kid": 7}',
        '{"alg": ["EdDSA"], "typ": "vc+jwt", "kid": "x"}',
        '{"alg": "EdDSA", "typ": {"t": 1}, "kid": "x"}',
        '{"alg": "EdDSA", "typ": "vc+jwt", "kid": "\\ud800"}',
        '{"alg": "EdDSA", "typ": "vc+jwt", "kid": "x", "x": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_a_header_whose_members_are_not_text_is_malformed_not_a_crash(token, jwks, header):
    forged = _with_header(token, header)
    verdict = verify_credential(forged, PublicKeys.from_jwks(jwks))
    assert not verdict.valid and verdict.reason == "malformed" and verdict.kid is None
    assert token_kid(forged) is None


def test_the_kid_of_a_token_is_read_without_checking_it(token, signer):
    assert token_kid(token) == signer.kid
    assert token_kid(["not", "a", "token"]) is None


def test_a_key_set_answers_none_for_a_kid_that_is_not_text(jwks, signer):
    keys = PublicKeys.from_jwks(jwks)
    assert keys.get(["a"]) is None and ["a"] not in keys and {"a": 1} not in keys


def test_an_unsigned_alg_none_token_is_refused(token, jwks):
    header = b64url_encode(json.dumps({"alg": "none", "typ": "vc+jwt", "kid": "x"}).encode())
    forged = header + "." + token.split(".")[1] + "."
    assert verify_credential(forged, PublicKeys.from_jwks(jwks)).reason == "unsupported_algorithm"


def test_a_signed_jws_that_is_not_a_credential_is_refused(signer, jwks):
    verdict = verify_credential(
        sign_credential({"hello": "world"}, signer), PublicKeys.from_jwks(jwks)
    )
    assert verdict.reason == "not_a_credential"


def test_public_key_set_knows_its_keys(jwks, signer):
    keys = PublicKeys([PublicKey(signer.kid, jwks["keys"][0])])
    assert signer.kid in keys and len(keys) == 1


RECORD = public_record(
    serial=FACTS.serial,
    masked_name=mask_name(FACTS.holder_name),
    level=FACTS.level,
    title_zh="高级工程师",
    title_en="Senior Engineer",
    specialty_code=FACTS.specialty_code,
    specialty_name_zh=FACTS.specialty_name,
    specialty_name_en="Electronic Information Technology",
    committee_code=FACTS.committee_code,
    committee_name_zh=FACTS.committee_name,
    committee_name_en="Beijing Electronic Information Review Committee",
    decision_number=FACTS.decision_number,
    decision_date=FACTS.decision_date,
    evaluation_track=FACTS.evaluation_track,
    evaluation_method="review",
    route=None,
    issued_at=FACTS.issued_at,
    status_index=17,
    kid="k1",
    signed_at=FACTS.issued_at,
    updated_at=FACTS.issued_at + dt.timedelta(microseconds=5),
)


def test_a_public_record_signs_the_masked_name_and_never_the_full_one(signer, jwks):
    record = sign_public_record(RECORD, signer)
    header = json.loads(b64url_decode(record.split(".")[0]))
    assert header == {"alg": "EdDSA", "typ": "public-record+jwt", "kid": signer.kid}
    assert FACTS.holder_name not in b64url_decode(record.split(".")[1]).decode()
    verdict = verify_public_record(record, PublicKeys.from_jwks(jwks))
    assert verdict.valid and verdict.credential == RECORD
    assert (
        verdict.credential["masked_name"] == "欧阳*明" and verdict.credential["route"] == "regular"
    )
    assert verdict.credential["updated_at"].endswith(".000005Z")  # to the microsecond
    assert public_record_of({**RECORD, **_row_columns(RECORD)}) == RECORD


def _row_columns(record: dict) -> dict:
    """``RECORD`` as the projection row's columns."""
    return {
        "masked_name": record["masked_name"],
        "level": record["level"],
        "title_zh": record["title_zh"],
        "title_en": record["title_en"],
        "specialty_code": record["specialty"]["code"],
        "specialty_name_zh": record["specialty"]["name_zh"],
        "specialty_name_en": record["specialty"]["name_en"],
        "committee_code": record["committee"]["code"],
        "committee_name_zh": record["committee"]["name_zh"],
        "committee_name_en": record["committee"]["name_en"],
        "decision_date": FACTS.decision_date,
        "evaluation_method": "review",
        "route": None,
        "issued_at": FACTS.issued_at,
        "signed_at": FACTS.issued_at,
        "updated_at": FACTS.issued_at + dt.timedelta(microseconds=5),
    }


def test_a_public_record_never_passes_for_a_credential_nor_the_reverse(signer, jwks, token):
    keys = PublicKeys.from_jwks(jwks)
    assert verify_credential(sign_public_record(RECORD, signer), keys).reason == "wrong_type"
    assert verify_public_record(token, keys).reason == "wrong_record_type"
