"""Who signs, in whose name, and where the public checks a certificate."""

from __future__ import annotations

from dataclasses import dataclass

from certs.credential.sign import Signer


@dataclass(frozen=True)
class Issuer:
    """Who signs, in whose name, and where the public checks a certificate."""

    signer: Signer
    issuer_id: str
    issuer_name: str
    verify_base_url: str
    status_list_ttl_seconds: int = 300
