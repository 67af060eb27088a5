"""Signing credentials. The signer is handed in: this module never loads a key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certs.credential.jose import (
    CREDENTIAL_CONTENT_TYPE,
    CREDENTIAL_TYPE,
    PUBLIC_RECORD_TYPE,
    b64url_encode,
    canonical_json,
    jwk_thumbprint,
    public_jwk,
)


class Signer(Protocol):
    """Anything that signs bytes under a key with a known ``kid`` (a file key, an HSM...)."""

    # Read-only: a signer's key id and algorithm never change (Ed25519Signer is frozen).
    @property
    def kid(self) -> str: ...

    @property
    def alg(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class Ed25519Signer:
    private_key: Ed25519PrivateKey
    kid: str
    # RFC 9864 prefers "Ed25519"; most deployed verifiers still know only "EdDSA".
    alg: str = "EdDSA"

    @classmethod
    def from_private_key(cls, private_key: Ed25519PrivateKey) -> Ed25519Signer:
        return cls(private_key, jwk_thumbprint(public_jwk(private_key.public_key())))

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def sign_credential(credential: dict[str, Any], signer: Signer) -> str:
    """The credential as a compact JWS (VC-JOSE: ``typ`` vc+jwt, ``cty`` vc)."""
    header = {
        "alg": signer.alg,
        "typ": CREDENTIAL_TYPE,
        "cty": CREDENTIAL_CONTENT_TYPE,
        "kid": signer.kid,
    }
    return _compact_jws(header, credential, signer)


def sign_public_record(record: dict[str, Any], signer: Signer) -> str:
    """A certificate's public record (``certs.credential.model.public_record``) as a compact
    JWS of ``typ`` public-record+jwt: never mistaken for a credential."""
    header = {"alg": signer.alg, "typ": PUBLIC_RECORD_TYPE, "kid": signer.kid}
    return _compact_jws(header, record, signer)


def _compact_jws(header: dict[str, Any], payload: dict[str, Any], signer: Signer) -> str:
    signing_input = (
        b64url_encode(canonical_json(header)) + "." + b64url_encode(canonical_json(payload))
    )
    signature = signer.sign(signing_input.encode("ascii"))
    return signing_input + "." + b64url_encode(signature)
