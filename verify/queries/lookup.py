"""Looking certificates and keys up in the public projection, and checking what it says.

The per-request work is one indexed read. Each row carries the registry's signature over its
public fields (its public record: ``certs.credential.model.public_record``); that signature
is checked once per distinct record and remembered by the record's digest, and the row's
fields are compared with what it signs on every read, so a row altered behind the service's
back (its record or its displayed fields) is caught, while an unchanged row costs a hash, a
dictionary lookup and one serialisation of the row. verify holds no credential: a presented
token is checked by its own signature and by its facts against the row.
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

from certs.credential.jose import b64url_decode, b64url_encode, canonical_json, jwk_entry
from certs.credential.model import public_record_of, serial_of
from certs.credential.verify import (
    PublicKey,
    PublicKeys,
    Verdict,
    token_kid,
    verify_credential,
    verify_public_record,
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


RECORD_MISMATCH = "record_mismatch"  # the row says other than its signed record
RECORD_UNSIGNED = "record_unsigned"  # a row from before migration 0021, not yet signed
# A presented token's facts differ from the record.
TOKEN_MISMATCH = "token_mismatch"  # noqa: S105 (a reason code, not a secret)
# Digest (32 bytes) -> the record's key id: about 150 bytes an entry, 30 MB at most.
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
        self._verified: OrderedDict[bytes, str | None] = OrderedDict()
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
        """Does the registry's signed public record still vouch for what the row says?

        ``kid`` and ``key_status`` speak of the key that signed the certificate's
        credentials (the row's ``kid``, which the record signs); the record is distrusted
        as well when its own signature is by a key at or after its compromise."""
        token = row.public_record
        if not token:
            return RecordCheck(False, RECORD_UNSIGNED, row.kid, None)
        verified = self._verified_record(token)
        if isinstance(verified, Verdict):
            return RecordCheck(False, verified.reason, verified.kid, None)
        # keys(), not self._keys: a signature checked long ago is remembered, but the key's
        # status (compromised since) must be as fresh as the key cache allows.
        keys = self.keys()
        expected = public_record_of(row)
        if not _signs(token, expected):
            signed = _payload(token)
            kid = signed.get("kid") if isinstance(signed.get("kid"), str) else None
            key = keys.get(kid) if kid else None
            return RecordCheck(False, RECORD_MISMATCH, kid, key.status if key else None)
        key = keys.get(row.kid) if row.kid else None
        return RecordCheck(
            True,
            None,
            row.kid,
            key.status if key else None,
            signed_while_compromised(key, row.signed_at or row.issued_at)
            or signed_while_compromised(keys.get(verified) if verified else None, row.updated_at),
        )

    def _verified_record(self, token: str) -> str | Verdict | None:
        """The key id that signed a valid public record (remembered), else the verdict."""
        digest = hashlib.sha256(token.encode()).digest()
        with self._lock:
            if digest in self._verified:
                self._verified.move_to_end(digest)
                return self._verified[digest]
        verdict = verify_public_record(token, self.keys(token_kid(token)))
        if not verdict.valid:
            return verdict
        with self._lock:
            self._verified[digest] = verdict.kid
            if len(self._verified) > VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        return verdict.kid


def _signs(token: str, record: dict[str, Any]) -> bool:
    """Does the (verified) record ``token`` sign exactly ``record``? The registry signs the
    canonical JSON, so the bytes are compared first; the parsed payload when they differ."""
    payload = token.split(".")[1]
    return payload == b64url_encode(canonical_json(record)) or _payload(token) == record


def _payload(token: str) -> dict[str, Any]:
    try:
        payload = json.loads(b64url_decode(token.split(".")[1]))
    except (ValueError, IndexError):
        return {}
    return payload if isinstance(payload, dict) else {}


def token_matches(credential: dict[str, Any], row: Row[Any]) -> bool:
    """Do a presented token's signed facts agree with the record of its serial? Each fact
    the token carries is compared: a full credential's serial, masked name, level,
    specialty, committee, decision and route; a QR token's masked name, level and
    specialty."""
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict) or serial_of(credential) != row.serial:
        return False
    name = subject.get("name")
    facts = [
        (mask_name(name) if isinstance(name, str) else None, row.masked_name),
        (subject.get("level"), row.level),
        (_code(subject.get("specialty")), row.specialty_code),
    ]
    if "serialNumber" in subject:
        facts.append((subject["serialNumber"], row.serial))
    if "committee" in subject:
        facts.append((_code(subject["committee"]), row.committee_code))
    if "approval" in subject:
        approval = subject["approval"] if isinstance(subject["approval"], dict) else {}
        facts.append((approval.get("decisionNumber"), row.decision_number))
        facts.append((approval.get("date"), row.decision_date.isoformat()))
    if "route" in subject:
        facts.append((subject["route"], row.route or "regular"))
    return all(said == recorded for said, recorded in facts)


def _code(value: object) -> object:
    """A specialty's or committee's code: a full credential names it with its name, a QR
    token by its code alone."""
    return value.get("code") if isinstance(value, dict) else value


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
    credential: dict[str, Any], kid: str | None, row: Row[Any] | None, record_trusted: bool
) -> dt.datetime | None:
    """When a presented token was signed, as far as can be told. The time it states
    (``validFrom``, to the second: its last microsecond, so a token signed in the second of
    the compromise counts as after it; a QR token states none). When its facts match a
    record whose signature holds and it names the record's key, the record's signing time
    too, whichever is later: the key signed the certificate's current credentials then (a
    QR token with the same facts and key is byte for byte the one signed then, Ed25519
    being deterministic; an older full credential of the same key counts as signed then,
    which errs towards distrust). None when unknown."""
    stated = credential.get("validFrom")
    try:
        issued = dt.datetime.fromisoformat(stated) if isinstance(stated, str) else None
    except ValueError:
        issued = None
    times = [issued.replace(microsecond=999_999)] if issued else []
    if row is not None and record_trusted and kid is not None and kid == row.kid:
        recorded = row.signed_at or row.issued_at
        if recorded is not None and token_matches(credential, row):
            times.append(as_utc(recorded))
    return max((as_utc(t) for t in times), default=None)
