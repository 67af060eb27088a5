"""The title certificate as a W3C Verifiable Credential 2.0, in two sizes.

``full_credential`` carries everything the certificate says; it is what holders download
and what ``POST /api/v1/verify`` checks. ``qr_credential`` carries just enough to match a
printed certificate against (serial, name, level, specialty) so that the signed token fits
a QR code of version 20 or less at error correction M (666 bytes): a full credential with
Chinese committee names signs to about 1,400 characters, the compact one to about 560.
Both are signed by the same key; neither carries an ID-card number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from certs.dates import vc_timestamp
from certs.evaluation import REVIEW
from certs.levels import EVALUATION_TRACKS, get_level

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CREDENTIAL_TYPE = "EngineeringTitleCredential"
SERIAL_URN_PREFIX = "urn:cn-title:"


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate says, as the registry recorded it."""

    serial: str
    holder_name: str
    level: str
    specialty_code: str
    specialty_name: str
    committee_code: str
    committee_name: str
    decision_number: str
    decision_date: dt.date
    evaluation_track: str
    issued_at: dt.datetime
    route: str = "regular"
    route_basis: str | None = None  # the clause or document an exceptional route rests on
    evaluation_method: str = REVIEW  # 评价方式 (certs.evaluation); printed, not in the credentials
    # Where the certificate's bits sit in the status lists, and where those lists are
    # published (the verify service's base URL). Without both the credential carries no
    # credentialStatus, as certificates issued before status lists existed.
    status_index: int | None = None
    status_base_url: str | None = None


def full_credential(facts: CertificateFacts, issuer_id: str, issuer_name: str) -> dict[str, Any]:
    level = get_level(facts.level)
    track_zh, track_en = EVALUATION_TRACKS[facts.evaluation_track]
    return {
        "@context": [VC_CONTEXT],
        "id": SERIAL_URN_PREFIX + facts.serial,
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": {"id": issuer_id, "name": issuer_name},
        "validFrom": vc_timestamp(facts.issued_at),
        "credentialSubject": {
            "serialNumber": facts.serial,
            "name": facts.holder_name,
            "level": level.code,
            "title": level.title_zh,
            "titleEn": level.title_en,
            "specialty": {"code": facts.specialty_code, "name": facts.specialty_name},
            "evaluationTrack": {
                "code": facts.evaluation_track,
                "name": track_zh,
                "nameEn": track_en,
            },
            "committee": {"code": facts.committee_code, "name": facts.committee_name},
            "approval": {
                "decisionNumber": facts.decision_number,
                "date": facts.decision_date.isoformat(),
            },
            "route": facts.route,
            **({"routeBasis": facts.route_basis} if facts.route_basis else {}),
        },
        **_credential_status(facts),
    }


STATUS_PURPOSES = ("revocation", "suspension")
STATUS_PATH = "/status/"


def status_list_url(base_url: str, purpose: str) -> str:
    """Where the verify service publishes the status list for ``purpose``."""
    return base_url.rstrip("/") + STATUS_PATH + purpose


def _credential_status(facts: CertificateFacts) -> dict[str, Any]:
    """One BitstringStatusListEntry per purpose, both at the certificate's index."""
    if facts.status_index is None or not facts.status_base_url:
        return {}
    return {
        "credentialStatus": [
            {
                "id": f"{status_list_url(facts.status_base_url, purpose)}#{facts.status_index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(facts.status_index),
                "statusListCredential": status_list_url(facts.status_base_url, purpose),
            }
            for purpose in STATUS_PURPOSES
        ]
    }


def qr_credential(facts: CertificateFacts, issuer_id: str) -> dict[str, Any]:
    return {
        "@context": [VC_CONTEXT],
        "id": SERIAL_URN_PREFIX + facts.serial,
        "type": ["VerifiableCredential"],
        "issuer": issuer_id,
        "credentialSubject": {
            "name": facts.holder_name,
            "level": facts.level,
            "specialty": facts.specialty_code,
        },
    }


def serial_of(credential: dict[str, Any]) -> str | None:
    """The serial a verified credential speaks of, from its ``id``."""
    identifier = credential.get("id")
    if isinstance(identifier, str) and identifier.startswith(SERIAL_URN_PREFIX):
        return identifier[len(SERIAL_URN_PREFIX) :]
    return None
