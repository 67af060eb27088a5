"""Looking certificates and keys up in the public projection, and checking what it says.

The per-request work is one indexed read. The signature over the stored credential is
checked once per distinct token and remembered by the token's digest, so a row altered
behind the service's back (its token or its displayed fields) is caught, while an
unchanged row costs a hash and a dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Row, bindparam, select

from certs.credential.jose import jwk_entry
from certs.credential.model import serial_of
from certs.credential.verify import (
    PublicKey,
    PublicKeys,
    Verdict,
    token_kid,
    verify_credential,
)
from certs.dates import as_utc
from certs.errors import SerialFormatError
from certs.names import mask_name
from certs.serials import parse_serial
from verify.tables import public_certificates, public_keys

FIND_CERTIFICATE = select(public_certificates).where(
    public_certificates.c.serial == bindparam("serial")
)
ALL_KEYS = select(public_keys).order_by(public_keys.c.valid_from)


@dataclass(frozen=True)
class RecordCheck:
    """What verify found out about a stored record's signature."""

    valid: bool
    reason: str | None
    kid: str | None
    key_status: str | None
    key_compromised: bool = False  # signed by a key at or after its compromise


RECORD_MISMATCH = "record_mismatch"
# Digest (32 bytes) -> seven short strings: about 200 bytes an entry, 40 MB at most.
VERIFIED_CACHE_SIZE = 200_000


class Lookup:
    """Certificates by serial number, and the issuer's public keys (reloaded at most every
    ``key_cache_seconds``, or at once for a key it has not seen)."""

    def __init__(self, engine: Engine, key_cache_seconds: float):
        self.engine = engine
        self.key_cache_seconds = key_cache_seconds
        self._keys: PublicKeys = PublicKeys()
        self._jwks: dict[str, Any] = {"keys": []}
        self._keys_loaded_at = 0.0
        self._verified: OrderedDict[bytes, tuple[tuple[Any, ...], str | None]] = OrderedDict()
        self._lock = threading.Lock()

    # keys ------------------------------------------------------------------------------
    def keys(self, need_kid: str | None = None) -> PublicKeys:
        stale = time.monotonic() - self._keys_loaded_at > self.key_cache_seconds
        if stale or (need_kid is not None and need_kid not in self._keys):
            self._reload_keys()
        return self._keys

    def jwks(self) -> dict[str, Any]:
        self.keys()
        return self._jwks

    def _reload_keys(self) -> None:
        with self.engine.connect() as connection:
            rows = connection.execute(ALL_KEYS).all()
        entries = [
            jwk_entry(json.loads(r.jwk), r.status, r.valid_from, r.valid_to, r.compromised_since)
            for r in rows
        ]
        self._keys = PublicKeys(PublicKey(e["kid"], e, e["status"]) for e in entries)
        self._jwks = {"keys": entries}
        self._keys_loaded_at = time.monotonic()

    # certificates ------------------------------------------------------------------------
    def find_typed(self, text: str) -> Row[Any] | None:
        """The row for a serial as a person typed it; None when malformed or absent alike."""
        try:
            serial = parse_serial(text)
        except SerialFormatError:
            return None
        return self.find(serial)

    def find(self, serial: str) -> Row[Any] | None:
        with self.engine.connect() as connection:
            return connection.execute(FIND_CERTIFICATE, {"serial": serial}).first()

    def verify_token(self, token: str) -> Verdict:
        return verify_credential(token, self.keys(token_kid(token)))

    def check_record(self, row: Row[Any]) -> RecordCheck:
        """Does the stored, signed credential still vouch for what the row says?"""
        verified = self._verified_credential(row.credential)
        if isinstance(verified, Verdict):
            return RecordCheck(False, verified.reason, verified.kid, None)
        facts, kid = verified
        # keys(), not self._keys: a signature checked long ago is remembered, but the key's
        # status (compromised since) must be as fresh as the key cache allows.
        key = self.keys().get(kid) if kid else None
        if facts != _signed_facts(row):
            return RecordCheck(False, RECORD_MISMATCH, kid, key.status if key else None)
        return RecordCheck(
            True,
            None,
            kid,
            key.status if key else None,
            signed_while_compromised(key, row.signed_at or row.issued_at),
        )

    def _verified_credential(self, token: str) -> tuple[tuple[Any, ...], str | None] | Verdict:
        digest = hashlib.sha256(token.encode()).digest()
        with self._lock:
            found = self._verified.get(digest)
            if found is not None:
                self._verified.move_to_end(digest)
                return found
        verdict = self.verify_token(token)
        if not verdict.valid or verdict.credential is None:  # a valid one carries it
            return verdict
        facts = (_signed_facts_of(verdict.credential), verdict.kid)
        with self._lock:
            self._verified[digest] = facts
            if len(self._verified) > VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        return facts


def _signed_facts_of(credential: dict[str, Any]) -> tuple[Any, ...]:
    """What the row must agree with, as the credential signs it (small enough to keep
    for every certificate a worker has seen)."""
    subject = credential["credentialSubject"]
    specialty, committee = subject.get("specialty") or {}, subject.get("committee") or {}
    approval = subject.get("approval") or {}
    return (
        serial_of(credential),
        mask_name(subject.get("name", "")),
        subject.get("level"),
        specialty.get("code"),
        committee.get("code"),
        approval.get("decisionNumber"),
        approval.get("date"),
        subject.get("route", "regular"),
    )


def _signed_facts(row: Row[Any]) -> tuple[Any, ...]:
    return (
        row.serial,
        row.masked_name,
        row.level,
        row.specialty_code,
        row.committee_code,
        row.decision_number,
        row.decision_date.isoformat(),
        row.route or "regular",
    )


def signed_while_compromised(key: PublicKey | None, signed_at: dt.datetime | None) -> bool:
    """Signed by a compromised key at or after the compromise (an unknown signing time
    counts as after: nothing proves otherwise)."""
    if key is None or key.status != "compromised":
        return False
    since = key.jwk.get("compromised_since")
    if since is None or signed_at is None:
        return True
    return as_utc(signed_at) >= dt.datetime.fromisoformat(since)


def token_signed_at(
    token: str, credential: dict[str, Any], row: Row[Any] | None
) -> dt.datetime | None:
    """When a presented token was signed, as far as can be told: the record's signing time
    when it is the record's own credential or QR token; otherwise the issuance time it
    states (``validFrom``, to the second: its last microsecond, so a token signed in the
    second of the compromise counts as after it; a QR token states none); None when
    unknown."""
    if row is not None and token in (row.credential, row.qr_token):
        return row.signed_at or row.issued_at
    stated = credential.get("validFrom")
    try:
        issued = dt.datetime.fromisoformat(stated) if isinstance(stated, str) else None
    except ValueError:
        return None
    return issued.replace(microsecond=999_999) if issued else None
