"""The title certificate as a W3C Verifiable Credential 2.0, in two sizes.

``full_credential`` carries everything the certificate says; it is what holders download
and what ``POST /api/v1/verify`` checks. ``qr_credential`` carries just enough to match a
printed certificate against (serial, name, level, specialty) so that the signed token fits
a QR code of version 20 or less at error correction M (666 bytes): a full credential with
Chinese committee names signs to about 1,400 characters, the compact one to about 560.
Both are signed by the same key; neither carries an ID-card number.

``public_record`` is not a credential: it is what the public projection row of a certificate
shows, signed by the registry (``typ`` public-record+jwt) so that verify can tell an altered
row without holding either credential (both carry the unmasked name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from certs.dates import iso_utc, vc_timestamp
from certs.evaluation import REVIEW
from certs.levels import TRACK_NAMES, get_level

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
    # An imported title (route ``imported``): its number on the original certificate, in
    # whatever format it had, and where the bureau's register had it (certs.register_import).
    original_number: str | None = None
    import_source: str | None = None
    import_source_year: int | None = None


def _registration(facts: CertificateFacts) -> dict[str, Any]:
    """What an imported title's credential says of the original it attests."""
    if facts.original_number is None:
        return {}
    source = {"type": facts.import_source}
    if facts.import_source_year is not None:
        source["year"] = facts.import_source_year  # type: ignore[assignment]
    return {"registration": {"originalNumber": facts.original_number, "source": source}}


def full_credential(facts: CertificateFacts, issuer_id: str, issuer_name: str) -> dict[str, Any]:
    level = get_level(facts.level)
    track_zh, track_en = TRACK_NAMES[facts.evaluation_track]
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
            **_registration(facts),
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


PUBLIC_RECORD_TYPE = "EngineeringTitlePublicRecord"


def public_record(
    *,
    serial: str,
    masked_name: str,
    level: str,
    title_zh: str,
    title_en: str,
    specialty_code: str,
    specialty_name_zh: str,
    specialty_name_en: str,
    committee_code: str,
    committee_name_zh: str,
    committee_name_en: str,
    decision_number: str,
    decision_date: dt.date,
    evaluation_track: str,
    evaluation_method: str,
    route: str | None,
    issued_at: dt.datetime,
    status_index: int | None,
    kid: str | None,
    signed_at: dt.datetime | None,
    updated_at: dt.datetime,
    original_number: str | None = None,
    import_source: str | None = None,
) -> dict[str, Any]:
    """What a certificate's public projection row says, as the registry signs it: the public
    fields themselves (the name masked), the key and time of its credentials (``kid``,
    ``signed_at``) and when the record was signed (``updated_at``). Its live status is not
    in it: the signed status lists and the registry's status decisions vouch for that.

    The registry signs it when it writes the row; verify builds it again from the row it
    reads and compares, so both sides must call this with the row's own values.

    An imported title's record adds its original number and source (``registration``);
    every other record is as it was before imports existed, so its signature still holds."""
    registration = (
        {"registration": {"original_number": original_number, "source": import_source}}
        if original_number is not None
        else {}
    )
    return {
        **registration,
        "type": PUBLIC_RECORD_TYPE,
        "serial": serial,
        "masked_name": masked_name,
        "level": level,
        "title_zh": title_zh,
        "title_en": title_en,
        "specialty": {
            "code": specialty_code,
            "name_zh": specialty_name_zh,
            "name_en": specialty_name_en,
        },
        "committee": {
            "code": committee_code,
            "name_zh": committee_name_zh,
            "name_en": committee_name_en,
        },
        "decision_number": decision_number,
        "decision_date": decision_date.isoformat(),
        "evaluation_track": evaluation_track,
        "evaluation_method": evaluation_method,
        "route": route or "regular",
        "issued_at": iso_utc(issued_at, precise=True),
        "status_index": status_index,
        "kid": kid,
        "signed_at": iso_utc(signed_at, precise=True) if signed_at else None,
        "updated_at": iso_utc(updated_at, precise=True),
    }


PUBLIC_RECORD_FIELDS = (
    "serial",
    "masked_name",
    "level",
    "title_zh",
    "title_en",
    "specialty_code",
    "specialty_name_zh",
    "specialty_name_en",
    "committee_code",
    "committee_name_zh",
    "committee_name_en",
    "decision_number",
    "decision_date",
    "evaluation_track",
    "evaluation_method",
    "route",
    "issued_at",
    "status_index",
    "kid",
    "signed_at",
    "updated_at",
    "original_number",
    "import_source",
)
"""The projection row's columns a public record is made of (``public_record``'s arguments)."""


def public_record_of(row: Any) -> dict[str, Any]:
    """``public_record`` from a row (a mapping, or anything with those attributes)."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    values: dict[str, Any] = {name: get(name) for name in PUBLIC_RECORD_FIELDS}
    return public_record(**values)
