"""Protection of ID-card numbers at rest: AES-256-GCM to store, HMAC-SHA256 to look up.

Both keys are derived (HKDF) from the data key file, so one secret is handed in and the
two uses never share a key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_FORMAT = b"\x01"  # version byte, so that a later scheme can coexist
_AAD = b"holder.id_number"


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


@dataclass(frozen=True)
class IdNumberProtector:
    encryption_key: bytes
    lookup_key: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> IdNumberProtector:
        return cls(
            _derive(secret, b"id-number encryption v1"), _derive(secret, b"id-number lookup v1")
        )

    def encrypt(self, number: str) -> bytes:
        nonce = os.urandom(12)
        return _FORMAT + nonce + AESGCM(self.encryption_key).encrypt(nonce, number.encode(), _AAD)

    def decrypt(self, blob: bytes) -> str:
        if blob[:1] != _FORMAT:
            raise ValueError("unknown ID-number ciphertext format")
        nonce, ciphertext = blob[1:13], blob[13:]
        return AESGCM(self.encryption_key).decrypt(nonce, ciphertext, _AAD).decode()

    def lookup_hash(self, number: str) -> str:
        return hmac.new(self.lookup_key, number.encode(), hashlib.sha256).hexdigest()
