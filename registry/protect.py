"""Protection of ID-card numbers at rest: AES-256-GCM to store, HMAC-SHA256 to look up.

Every key here is derived (HKDF) from the data key file, each under its own purpose, so one
secret is handed in and no two uses share a key. The database keeps the key's identifier
(``key_id``, one more derivation), so that a service given another data key refuses to start
instead of failing to find people (``registry.keys.data_key``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_FORMAT = b"\x01"  # version byte, so that a later scheme can coexist
_AAD = b"holder.id_number"
_ACCESS_KEY_AAD = b"holder.access_key"
# A batch row's facts: the same key as ID numbers (one rotation re-seals both), another
# purpose in the associated data, so that neither blob can stand for the other.
_FACTS_AAD = b"batch_row.facts"


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


@dataclass(frozen=True)
class IdNumberProtector:
    encryption_key: bytes
    lookup_key: bytes
    # Names the data key without revealing it or anything derived for another use: the
    # database keeps it, and a service started with another key sees the difference.
    key_id: str
    # Seals the access key (below) into the database when the data key is rotated.
    wrapping_key: bytes
    # What holder access codes and sign-in counters are keyed with. Only their hashes are
    # kept, so a rotation cannot hash them again: they keep the key they were made with
    # (derived from the first data key, sealed under the current one).
    access_key: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> IdNumberProtector:
        lookup_key = _derive(secret, b"id-number lookup v1")
        return cls(
            encryption_key=_derive(secret, b"id-number encryption v1"),
            lookup_key=lookup_key,
            key_id=_derive(secret, b"data-key identifier v1").hex(),
            wrapping_key=_derive(secret, b"access-key wrapping v1"),
            access_key=lookup_key,
        )

    def encrypt(self, number: str) -> bytes:
        return _seal(self.encryption_key, number.encode(), _AAD)

    def decrypt(self, blob: bytes) -> str:
        return _open(self.encryption_key, blob, _AAD).decode()

    def encrypt_facts(self, document: bytes) -> bytes:
        return _seal(self.encryption_key, document, _FACTS_AAD)

    def decrypt_facts(self, blob: bytes) -> bytes:
        return _open(self.encryption_key, blob, _FACTS_AAD)

    def lookup_hash(self, number: str) -> str:
        return hmac.new(self.lookup_key, number.encode(), hashlib.sha256).hexdigest()

    def sealed_access_key(self, access_key: bytes) -> bytes:
        """``access_key`` encrypted under this data key, for the database to keep."""
        return _seal(self.wrapping_key, access_key, _ACCESS_KEY_AAD)

    def with_sealed_access_key(self, sealed: bytes) -> IdNumberProtector:
        """This protector, keying access codes with the key ``sealed`` holds.

        Raises ``cryptography.exceptions.InvalidTag`` when this data key did not seal it."""
        return dataclasses.replace(
            self, access_key=_open(self.wrapping_key, sealed, _ACCESS_KEY_AAD)
        )


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(12)
    return _FORMAT + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if blob[:1] != _FORMAT:
        raise ValueError("unknown ciphertext format")
    nonce, ciphertext = blob[1:13], blob[13:]
    return AESGCM(key).decrypt(nonce, ciphertext, aad)
