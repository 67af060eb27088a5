"""What verify tells people: one answer shape for the JSON API and the HTML page."""

from __future__ import annotations

import datetime as dt

from certs.credential.model import serial_of
from certs.credential.verify import REASONS, Verdict
from certs.dates import iso_utc
from certs.levels import BY_CODE, EVALUATION_TRACKS, ROUTES
from certs.names import mask_name
from certs.revocation import reason_label
from certs.serials import format_serial
from verify.lookup import RECORD_MISMATCH, RecordCheck

# result -> (Chinese, English, what it means for the reader)
RESULTS: dict[str, tuple[str, str]] = {
    "valid": ("有效", "Valid"),
    "revoked": ("已撤销", "Revoked"),
    "suspended": ("已暂停", "Suspended"),
    "key_compromised": ("签名密钥已泄露", "Signing key compromised"),
    "signature_invalid": ("签名无效", "Signature invalid"),
    "not_found": ("未找到", "Not found"),
}
MISMATCH = (
    "The record no longer matches its signed credential: it was altered after signing.",
    "记录与其签名凭证不符：签发后已被改动。",
)


def _reason_text(code: str | None) -> tuple[str | None, str | None]:
    if code is None:
        return None, None
    if code == RECORD_MISMATCH:
        return MISMATCH
    return REASONS[code]


COMPROMISED = (
    "The signature is by a key that was compromised when it signed: do not rely on the "
    "credential file or QR alone; this live answer from the registry still holds.",
    "签名所用密钥在签名时已泄露：请勿单凭凭证文件或二维码判断；以本次在线查询结果为准。",
)


def signature_answer(
    valid: bool,
    reason: str | None,
    kid: str | None,
    key_status: str | None,
    key_compromised: bool = False,
) -> dict:
    message, message_zh = _reason_text(reason)
    if valid and key_compromised:
        message, message_zh = COMPROMISED
    return {
        "valid": valid,
        "reason": reason,
        "message": message or "The signature is valid and matches the record.",
        "message_zh": message_zh or "签名有效，与登记记录一致。",
        "kid": kid,
        "key_status": key_status,
        "key_compromised": key_compromised,
    }


def certificate_answer(row, check: RecordCheck, now: dt.datetime) -> dict:
    result = _result(row, check)
    track_zh, track_en = EVALUATION_TRACKS.get(row.evaluation_track, (row.evaluation_track,) * 2)
    label_zh, label_en = RESULTS.get(result, (result, result))
    return {
        "serial": row.serial,
        "serial_display": format_serial(row.serial),
        "result": result,
        "result_zh": label_zh,
        "result_en": label_en,
        "status": row.status,
        "status_reason": row.status_reason,
        "status_changed_at": iso_utc(row.status_changed_at) if row.status_changed_at else None,
        **_status_decision(row),
        "key_compromised": check.key_compromised,
        "masked_name": row.masked_name,
        "level": row.level,
        "title_zh": row.title_zh,
        "title_en": row.title_en,
        "specialty": {
            "code": row.specialty_code,
            "name_zh": row.specialty_name_zh,
            "name_en": row.specialty_name_en,
        },
        "committee": {
            "code": row.committee_code,
            "name_zh": row.committee_name_zh,
            "name_en": row.committee_name_en,
        },
        "evaluation_track": {
            "code": row.evaluation_track,
            "name_zh": track_zh,
            "name_en": track_en,
        },
        "route": _route(row.route),
        "decision_number": row.decision_number,
        "decision_date": row.decision_date.isoformat(),
        "issued_at": iso_utc(row.issued_at),
        "signature": signature_answer(
            check.valid, check.reason, check.kid, check.key_status, check.key_compromised
        ),
        "checked_at": iso_utc(now),
    }


def _result(row, check: RecordCheck) -> str:
    """Revoked and suspended say more than a compromised key; a valid record signed by a
    compromised key at or after its compromise is not "valid"."""
    if not check.valid:
        return "signature_invalid"
    if check.key_compromised and row.status == "valid":
        return "key_compromised"
    return row.status


def _status_decision(row) -> dict:
    """Why the status is what it is, as published (a reason class, never a private note)."""
    reason_zh, reason_en = reason_label(row.status_reason)
    effective = row.status_effective_date
    return {
        "status_reason_zh": reason_zh,
        "status_reason_en": reason_en,
        "status_decision_number": row.status_decision_number,
        "status_effective_date": effective.isoformat() if effective else None,
    }


def token_answer(
    verdict: Verdict,
    row,
    check: RecordCheck | None,
    now: dt.datetime,
    key_status: str | None = None,
    key_compromised: bool = False,
) -> dict:
    """The answer for a presented token: its own signature, then the live record.

    ``key_compromised``: the token itself was signed by a key at or after its compromise.
    The result is the live record's: the registry's answer holds even then."""
    credential = verdict.credential or {}
    subject = credential.get("credentialSubject", {})
    serial = serial_of(credential) if verdict.valid else None
    level = BY_CODE.get(subject.get("level", ""))
    certificate = certificate_answer(row, check, now) if row is not None and check else None
    if not verdict.valid:
        result = "signature_invalid"
    elif row is None:
        result = "not_found"
    elif certificate is not None:
        result = certificate["result"]
    else:
        result = row.status
    label_zh, label_en = RESULTS.get(result, (result, result))
    return {
        "result": result,
        "result_zh": label_zh,
        "result_en": label_en,
        "token_signature": signature_answer(
            verdict.valid, verdict.reason, verdict.kid, key_status, key_compromised
        ),
        "serial": serial,
        "claims": {
            "masked_name": mask_name(subject.get("name", "")) if verdict.valid else None,
            "level": level.code if level else None,
            "title_zh": level.title_zh if level else None,
            "title_en": level.title_en if level else None,
        },
        "certificate": certificate,
        "checked_at": iso_utc(now),
    }


def _route(code: str | None) -> dict:
    """How the title was obtained (regular, exceptional, by recognition, ...)."""
    route = ROUTES.get(code or "regular")
    if route is None:
        return {"code": code, "name_zh": code, "name_en": code}
    return {"code": route.code, "name_zh": route.name_zh, "name_en": route.name_en}
