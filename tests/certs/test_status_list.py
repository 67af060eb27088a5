"""Bitstring Status Lists, checked against the spec's algorithm written out independently."""

import base64
import datetime as dt
import gzip
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certs import qr
from certs.credential.jose import b64url_decode
from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import Ed25519Signer, sign_credential
from certs.credential.status_list import MIN_ENTRIES, encode_list, status_list_credential

BASE = "https://verify.rsj.beijing.gov.cn"


def spec_status(encoded_list: str, index: int) -> int:
    """W3C Bitstring Status List v1.0, 3.2 "Validate Algorithm", steps 7-11, as written
    there: strip the multibase 'u', base64url-decode, GZIP-decompress, read the bit at
    ``index`` counting from the left-most bit of the first byte."""
    assert encoded_list[0] == "u", "multibase base64url prefix"
    compressed = base64.urlsafe_b64decode(encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4))
    bitstring = "".join(f"{byte:08b}" for byte in gzip.decompress(compressed))
    assert len(bitstring) >= 131_072
    return int(bitstring[index])


def test_bits_set_are_exactly_the_indexes_given_index_zero_left_most():
    indexes = {0, 7, 8, 94_567, MIN_ENTRIES - 1}
    encoded = encode_list(indexes)
    for index in [*indexes, 1, 6, 9, 94_566, 94_568, MIN_ENTRIES - 2]:
        assert spec_status(encoded, index) == (1 if index in indexes else 0), index
    first_byte = gzip.decompress(b64url_decode(encoded[1:]))[0]
    assert first_byte == 0b1000_0001  # index 0 is the high bit, index 7 the low one


def test_list_is_at_least_the_spec_minimum_and_the_same_bits_give_the_same_text():
    assert encode_list([5]) == encode_list([5])
    assert len(gzip.decompress(b64url_decode(encode_list([])[1:]))) == MIN_ENTRIES // 8
    with pytest.raises(ValueError, match="at least"):
        encode_list([], size=1024)
    with pytest.raises(ValueError, match="outside"):
        encode_list([MIN_ENTRIES])


def test_status_list_credential_is_signed_as_vc_jwt():
    signer = Ed25519Signer.from_private_key(Ed25519PrivateKey.generate())
    now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    credential = status_list_credential(BASE, "revocation", encode_list([3]), BASE, now, 300)
    token = sign_credential(credential, signer)
    header = json.loads(b64url_decode(token.split(".")[0]))
    assert header["typ"] == "vc+jwt" and header["kid"] == signer.kid
    subject = json.loads(b64url_decode(token.split(".")[1]))["credentialSubject"]
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["id"] == BASE + "/status/revocation"
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    assert subject["ttl"] == 300_000 and spec_status(subject["encodedList"], 3) == 1


def _facts(**overrides) -> CertificateFacts:
    return CertificateFacts(
        serial="ABCDEFGHJKMNPQRT",
        holder_name="阿卜杜热合曼·阿卜杜克力木",
        level="professorate_senior_engineer",
        specialty_code="DZXX-0101-ABCDEF",
        specialty_name="电子信息技术",
        committee_code="BJ-DZ-01",
        committee_name="北京市电子信息专业高级评审委员会",
        decision_number="京人社职评〔2026〕1234号",
        decision_date=dt.date(2026, 6, 30),
        evaluation_track="research_design",
        issued_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        **overrides,
    )


def test_full_credential_carries_one_entry_per_purpose_and_the_qr_one_none():
    facts = _facts(status_index=94_567, status_base_url=BASE)
    entries = full_credential(facts, BASE, "北京市人力资源和社会保障局")["credentialStatus"]
    assert [e["statusPurpose"] for e in entries] == ["revocation", "suspension"]
    assert entries[0] == {
        "id": BASE + "/status/revocation#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": BASE + "/status/revocation",
    }
    assert "credentialStatus" not in full_credential(_facts(), BASE, "x")
    # The printed code stays within its size limit: the live answer covers status there.
    signer = Ed25519Signer.from_private_key(Ed25519PrivateKey.generate())
    token = sign_credential(qr_credential(facts, BASE), signer)
    assert "credentialStatus" not in json.loads(b64url_decode(token.split(".")[1]))
    assert qr.fits(qr.qr_text(BASE, token))
