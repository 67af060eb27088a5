"""Checking a credential token against a set of public keys (a JWKS).

The answer is a ``Verdict``, never an exception: a bad signature is a finding to report,
not a failure of the program. With one algorithm and one key type the JWS check is a single
Ed25519 verify over the signing input (RFC 7515 5.2); the tests cross-check every verdict
against three independent JOSE libraries (jwcrypto, PyJWT, joserfc).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certs.credential.jose import (
    CREDENTIAL_TYPE,
    PUBLIC_RECORD_TYPE,
    SIGNATURE_ALGORITHMS,
    b64url_decode,
)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"

# reason code -> (English, Chinese)
REASONS: dict[str, tuple[str, str]] = {
    "malformed": ("The token is not a compact JWS.", "令牌不是有效的 JWS 紧凑格式。"),
    "unsupported_algorithm": (
        "The token is signed with an algorithm we do not accept.",
        "令牌的签名算法不受支持。",
    ),
    "wrong_type": ("The token is not a credential (typ vc+jwt).", "令牌类型不是凭证（vc+jwt）。"),
    "unknown_key": (
        "The token names a signing key that the issuer never published.",
        "令牌所用的签名密钥不在签发机构公布的密钥中。",
    ),
    "bad_signature": (
        "The signature does not match the content: the token was altered or forged.",
        "签名与内容不符：令牌已被篡改或伪造。",
    ),
    "not_a_credential": (
        "The signed content is not a W3C Verifiable Credential 2.0.",
        "签名内容不是 W3C 可验证凭证 2.0。",
    ),
    "wrong_record_type": (
        "The record's signature is not a public record (typ public-record+jwt).",
        "记录的签名类型不是公开记录（public-record+jwt）。",
    ),
    "not_a_record": ("The signed content is not a public record.", "签名内容不是公开记录。"),
}


@dataclass(frozen=True)
class PublicKey:
    kid: str
    jwk: dict[str, Any]
    status: str = "active"  # active | retired | compromised
    key: Ed25519PublicKey | None = field(default=None, compare=False, repr=False)


class PublicKeys:
    """The issuer's published keys, imported once and looked up by ``kid``."""

    def __init__(self, keys: Iterable[PublicKey] = ()):
        self._keys: dict[str, PublicKey] = {}
        for key in keys:
            imported = Ed25519PublicKey.from_public_bytes(b64url_decode(key.jwk["x"]))
            self._keys[key.kid] = PublicKey(key.kid, key.jwk, key.status, imported)

    @classmethod
    def from_jwks(cls, jwks: Mapping[str, Any]) -> PublicKeys:
        keys = [
            PublicKey(jwk["kid"], dict(jwk), jwk.get("status", "active"))
            for jwk in jwks.get("keys", [])
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and jwk.get("kid")
        ]
        return cls(keys)

    def get(self, kid: object) -> PublicKey | None:
        return self._keys.get(kid) if isinstance(kid, str) else None

    def __contains__(self, kid: object) -> bool:
        return isinstance(kid, str) and kid in self._keys

    def __len__(self) -> int:
        return len(self._keys)


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str | None = None
    kid: str | None = None
    header: dict[str, Any] | None = None
    credential: dict[str, Any] | None = None

    @property
    def message(self) -> str:
        return REASONS[self.reason][0] if self.reason else "The signature is valid."

    @property
    def message_zh(self) -> str:
        return REASONS[self.reason][1] if self.reason else "签名有效。"


def _decode_json_part(part: str) -> object:
    """A JOSE part's JSON. ``ValueError`` for what no issuer of ours wrote: not base64url,
    not JSON, nested past the parser's recursion limit, or holding a lone surrogate (valid
    JSON escapes, but no text: it cannot be echoed back as UTF-8)."""
    try:
        value = json.loads(b64url_decode(part))
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError: a ValueError
    except RecursionError:
        raise ValueError("nested too deeply") from None
    return value


def _compact_parts(token: object) -> list[str]:
    """The three parts of a compact JWS, or none (a non-string or non-ASCII token)."""
    parts = token.strip().split(".") if isinstance(token, str) and token.isascii() else []
    return parts if len(parts) == 3 else []


def token_header(token: object) -> dict[str, Any] | None:
    """A compact JWS's protected header, when it is one we can read: a JSON object whose
    ``alg``, ``typ`` and ``kid``, when present, are strings. None otherwise."""
    return _header_of(_compact_parts(token))


def _header_of(parts: list[str]) -> dict[str, Any] | None:
    if not parts:
        return None
    try:
        header = _decode_json_part(parts[0])
    except ValueError:
        return None
    if not isinstance(header, dict):
        return None
    if any(not isinstance(header.get(name, ""), str) for name in ("alg", "typ", "kid")):
        return None
    return header


def token_kid(token: object) -> str | None:
    """The key a token names, without checking anything else (to know which keys to load)."""
    header = token_header(token)
    kid = header.get("kid") if header else None
    return kid or None


def verify_credential(token: object, keys: PublicKeys) -> Verdict:
    """Check a ``vc+jwt`` compact JWS; say why when it fails (a non-string is malformed)."""
    verdict = _verify_jws(token, keys, CREDENTIAL_TYPE, "wrong_type")
    if verdict.valid and not _is_credential(verdict.credential):
        return Verdict(False, "not_a_credential", verdict.kid, verdict.header)
    return verdict


def verify_public_record(token: object, keys: PublicKeys) -> Verdict:
    """Check a certificate's public record (``typ`` public-record+jwt); a valid verdict
    carries the signed record as its ``credential``."""
    return _verify_jws(token, keys, PUBLIC_RECORD_TYPE, "wrong_record_type")


def _verify_jws(token: object, keys: PublicKeys, typ: str, wrong_type: str) -> Verdict:
    """The signature of a compact JWS of type ``typ``; the payload is decoded, not judged."""
    parts = _compact_parts(token)
    header = _header_of(parts)
    if header is None:  # also a kid or alg that is not a string: malformed, never a crash
        return Verdict(False, "malformed")
    kid = header.get("kid") or None
    if header.get("alg") not in SIGNATURE_ALGORITHMS:
        return Verdict(False, "unsupported_algorithm", kid, header)
    if header.get("typ") != typ:
        return Verdict(False, wrong_type, kid, header)
    key = keys.get(kid) if kid else None
    if key is None or key.key is None:  # PublicKeys imports every key it holds
        return Verdict(False, "unknown_key", kid, header)
    try:
        signature = b64url_decode(parts[2])
        key.key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, ValueError):
        return Verdict(False, "bad_signature", kid, header)
    try:
        payload = _decode_json_part(parts[1])
    except ValueError:
        return Verdict(False, "malformed", kid, header)
    if not isinstance(payload, dict):
        reason = "not_a_credential" if typ == CREDENTIAL_TYPE else "not_a_record"
        return Verdict(False, reason, kid, header)
    return Verdict(True, None, kid, header, payload)


def _is_credential(value: object) -> TypeGuard[dict[str, Any]]:
    if not isinstance(value, dict):
        return False
    context = value.get("@context")
    types = value.get("type")
    return (
        isinstance(context, list)
        and bool(context)
        and context[0] == VC_CONTEXT
        and isinstance(types, list)
        and "VerifiableCredential" in types
        and isinstance(value.get("credentialSubject"), dict)
    )
