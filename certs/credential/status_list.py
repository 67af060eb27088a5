"""W3C Bitstring Status List v1.0: one list per purpose, a signed credential anyone can cache.

Bit ``i`` (index 0 the left-most bit of the first byte) is 1 when the certificate holding
index ``i`` has that status. The list is gzip-compressed and base64url-encoded behind the
multibase prefix ``u``. A list holds at least 131,072 entries and indexes are handed out at
random, so that a verifier fetching it learns nothing about which certificate it checks,
nor when or how many certificates were issued (the spec's "herd privacy").
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterable
from typing import Any

from certs.credential.jose import b64url_decode, b64url_encode
from certs.credential.model import STATUS_PURPOSES, VC_CONTEXT, status_list_url
from certs.dates import vc_timestamp

MIN_ENTRIES = 131_072  # the spec's minimum: 16 KB of bits before compression
PURPOSES = STATUS_PURPOSES
MULTIBASE_BASE64URL = "u"


def encode_list(set_indexes: Iterable[int], size: int = MIN_ENTRIES) -> str:
    """The ``encodedList`` whose bits at ``set_indexes`` are 1."""
    if size < MIN_ENTRIES or size % 8:
        raise ValueError(f"a status list holds a multiple of 8 entries, at least {MIN_ENTRIES}")
    bits = bytearray(size // 8)
    for index in set_indexes:
        if not 0 <= index < size:
            raise ValueError(f"status list index {index} outside 0..{size - 1}")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same bits always give the same bytes, so an unchanged list keeps its ETag.
    return MULTIBASE_BASE64URL + b64url_encode(gzip.compress(bytes(bits), mtime=0))


def list_length(encoded_list: str) -> int:
    """How many entries an ``encodedList`` holds."""
    if not encoded_list.startswith(MULTIBASE_BASE64URL):
        raise ValueError("an encodedList starts with the multibase prefix 'u'")
    return 8 * len(gzip.decompress(b64url_decode(encoded_list[1:])))


def status_list_credential(
    base_url: str,
    purpose: str,
    encoded_list: str,
    issuer_id: str,
    valid_from: dt.datetime,
    ttl_seconds: int,
) -> dict[str, Any]:
    """A ``BitstringStatusListCredential`` for one purpose."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown status purpose {purpose!r}")
    url = status_list_url(base_url, purpose)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": vc_timestamp(valid_from),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list,
            "ttl": ttl_seconds * 1000,  # the spec counts milliseconds
        },
    }
