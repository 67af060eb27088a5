"""The small JOSE vocabulary both sides share: base64url, JWKs and their thumbprints."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from certs.dates import iso_utc

SIGNATURE_ALGORITHMS = ("EdDSA", "Ed25519")  # RFC 9864 renames EdDSA-over-Ed25519 to Ed25519
CREDENTIAL_TYPE = "vc+jwt"
CREDENTIAL_CONTENT_TYPE = "vc"
# The registry's signature over a certificate's public projection row: a distinct type, so
# that a public record never passes for a credential, nor a credential for a record.
PUBLIC_RECORD_TYPE = "public-record+jwt"


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if len(text) % 4 == 1 or not _B64URL.fullmatch(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def canonical_json(value: object) -> bytes:
    """Compact UTF-8 JSON: what we sign, so the same facts always give the same bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, str]:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}


def jwk_thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638 thumbprint (SHA-256) of an OKP key: the ``kid`` of our keys."""
    required = {name: jwk[name] for name in ("crv", "kty", "x")}
    digest = hashlib.sha256(json.dumps(required, separators=(",", ":"), sort_keys=True).encode())
    return b64url_encode(digest.digest())


def jwk_entry(
    jwk: dict[str, Any],
    status: str,
    valid_from: dt.datetime,
    valid_to: dt.datetime | None,
    compromised_since: dt.datetime | None = None,
) -> dict[str, Any]:
    """A published key: the JWK plus its status and validity window (our extension members);
    a compromised key says since when what it signed cannot be trusted."""
    entry = {k: jwk[k] for k in ("kty", "crv", "x", "kid")}
    entry.update(
        {"use": "sig", "alg": "EdDSA", "status": status, "valid_from": iso_utc(valid_from)}
    )
    if valid_to is not None:
        entry["valid_to"] = iso_utc(valid_to)
    if compromised_since is not None:  # to the microsecond: it divides trusted from not
        entry["compromised_since"] = iso_utc(compromised_since, precise=True)
    return entry
