"""What verify tells people about a certificate, a presented token or an uploaded PDF:
one answer shape for the JSON API and the HTML page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Row

from certs.credential.model import serial_of
from certs.credential.verify import REASONS, Verdict
from certs.dates import iso_utc
from certs.evaluation import method_names
from certs.levels import BY_CODE, ROUTES, TRACK_NAMES
from certs.names import mask_name
from certs.pdf.check import PdfSignatureCheck
from certs.register_import import parse_source, source_label
from certs.revocation import reason_label
from certs.serials import format_serial
from verify.queries.lookup import RECORD_MISMATCH, RECORD_UNSIGNED, TOKEN_MISMATCH, RecordCheck

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
    "The record no longer matches the registry's signature over it: it was altered after signing.",
    "记录与登记机构对其所作的签名不符：签名后已被改动。",
)
UNSIGNED = (
    "The record carries no signature of the registry yet: it cannot be vouched for.",
    "该记录尚无登记机构的签名，无法确认其真实性。",
)
TOKEN_DIFFERS = (
    (
        "The token is signed, but what it says differs from the registry's record of its "
        "certificate number: do not rely on it."
    ),
    "令牌签名有效，但其内容与登记库中该证书编号的记录不符：请勿采信。",
)
RECORD_REASONS = {
    RECORD_MISMATCH: MISMATCH,
    RECORD_UNSIGNED: UNSIGNED,
    TOKEN_MISMATCH: TOKEN_DIFFERS,
}


def _reason_text(code: str | None) -> tuple[str | None, str | None]:
    if code is None:
        return None, None
    return RECORD_REASONS.get(code) or REASONS[code]


COMPROMISED = (
    (
        "The signature is by a key that was compromised when it signed: do not rely on the "
        "credential file or QR alone; this live answer from the registry still holds."
    ),
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


def certificate_answer(row: Row[Any], check: RecordCheck, now: dt.datetime) -> dict:
    result = _result(row, check)
    track_zh, track_en = TRACK_NAMES.get(row.evaluation_track, (row.evaluation_track,) * 2)
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
        "evaluation_method": _method(row.evaluation_method),
        "route": _route(row.route),
        "registration": _registration(row),
        "decision_number": row.decision_number,
        "decision_date": row.decision_date.isoformat(),
        "issued_at": iso_utc(row.issued_at),
        "signature": signature_answer(
            check.valid, check.reason, check.kid, check.key_status, check.key_compromised
        ),
        "checked_at": iso_utc(now),
    }


def _result(row: Row[Any], check: RecordCheck) -> str:
    """Revoked and suspended say more than a compromised key; a valid record signed by a
    compromised key at or after its compromise is not "valid"."""
    if not check.valid:
        return "signature_invalid"
    if check.key_compromised and row.status == "valid":
        return "key_compromised"
    return row.status


def _status_decision(row: Row[Any]) -> dict:
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
    row: Row[Any] | None,
    check: RecordCheck | None,
    now: dt.datetime,
    key_status: str | None = None,
    key_compromised: bool = False,
    matches: bool = True,
) -> dict:
    """The answer for a presented token: its own signature, then the live record.

    ``key_compromised``: the token itself was signed by a key at or after its compromise.
    The result is the live record's: the registry's answer holds even then.
    ``matches``: the token's facts agree with the record of its serial; a signed token
    that says otherwise is not valid (``token_mismatch``)."""
    credential = verdict.credential or {}
    subject = credential.get("credentialSubject", {})
    serial = serial_of(credential) if verdict.valid else None
    level = BY_CODE.get(subject.get("level", ""))
    certificate = certificate_answer(row, check, now) if row is not None and check else None
    token_valid, token_reason = verdict.valid, verdict.reason
    if verdict.valid and not matches:
        token_valid, token_reason = False, TOKEN_MISMATCH
    if not token_valid:
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
            token_valid, token_reason, verdict.kid, key_status, key_compromised
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


def _method(code: str) -> dict:
    """How the title was evaluated (评价方式): review, recognition, ..."""
    name_zh, name_en = method_names(code)
    return {"code": code, "name_zh": name_zh, "name_en": name_en}


def _registration(row: Row[Any]) -> dict | None:
    """An imported title (登记在册): its original number and where the register had it."""
    if row.original_number is None:
        return None
    code, year = parse_source(row.import_source or "")
    source_zh, source_en = source_label(code, year)
    return {
        "status_zh": "登记在册",
        "status_en": "Entered from the existing register",
        "original_number": row.original_number,
        "source": {"code": code, "year": year, "name_zh": source_zh, "name_en": source_en},
    }


def _route(code: str | None) -> dict:
    """How the title was obtained (regular, exceptional, by recognition, ...)."""
    route = ROUTES.get(code or "regular")
    if route is None:
        return {"code": code, "name_zh": code, "name_en": code}
    return {"code": route.code, "name_zh": route.name_zh, "name_en": route.name_en}


# result -> (Chinese, English, Chinese explanation, English explanation)
PDF_RESULTS: dict[str, tuple[str, str, str, str]] = {
    "valid": (
        "有效",
        "Valid",
        "PDF 签名完好，由发证机关签发；证书目前有效。",
        "The PDF's signature is intact and the bureau's; the certificate is in force.",
    ),
    "revoked": (
        "已撤销",
        "Revoked",
        "PDF 签名完好，但此证书已被撤销，不再有效。",
        "The PDF's signature is intact, but the certificate has been revoked.",
    ),
    "suspended": (
        "已暂停",
        "Suspended",
        "PDF 签名完好，但此证书已暂停使用，正在调查。",
        "The PDF's signature is intact, but the certificate is suspended while investigated.",
    ),
    "key_compromised": (
        "签名密钥已泄露",
        "Signing key compromised",
        (
            "PDF 签名完好，但此证书的凭证由已宣布泄露的密钥签署，不能凭签名确认其真实性，"
            "请向发证机关核实。"
        ),
        (
            "The PDF's signature is intact, but the certificate's credential was signed by a "
            "key declared compromised; its signature cannot be trusted. Confirm with the "
            "issuing bureau."
        ),
    ),
    "altered": (
        "已被改动",
        "Altered",
        "PDF 签名后内容被改动，或签名已损坏：此文件不可信。",
        "The PDF was changed after it was signed, or its signature is damaged: do not trust it.",
    ),
    "unknown_signer": (
        "签发者不明",
        "Unknown signer",
        "PDF 签名完好，但不是用发证机关公布的证书签署的：此文件不可信。",
        (
            "The signature is intact but was not made with the bureau's published certificate: "
            "do not trust this file."
        ),
    ),
    "not_found": (
        "未找到",
        "Not found",
        "PDF 签名完好，但登记库中没有它所载的证书编号。",
        "The PDF's signature is intact, but the registry holds no certificate with its serial.",
    ),
    "signature_invalid": (
        "签名无效",
        "Signature invalid",
        "PDF 签名完好，但登记记录与其签名凭证不符。",
        "The PDF's signature is intact, but the registry's record fails its own signature check.",
    ),
}


def _pdf_result(check: PdfSignatureCheck, certificate: dict | None) -> str:
    if not (check.intact and check.valid and check.whole_file):
        return "altered"
    if not check.published:
        return "unknown_signer"
    if certificate is None:
        return "not_found"
    return certificate["result"]


def pdf_answer(
    check: PdfSignatureCheck, signer_status: str | None, certificate: dict | None, checked_at: str
) -> dict:
    result = _pdf_result(check, certificate)
    label_zh, label_en, message_zh, message = PDF_RESULTS[result]
    return {
        "result": result,
        "result_zh": label_zh,
        "result_en": label_en,
        "message": message,
        "message_zh": message_zh,
        "pdf_signature": {
            "intact": check.intact and check.valid,
            "covers_whole_file": check.whole_file,
            "signed_at": iso_utc(check.signed_at) if check.signed_at else None,
            "signer": {
                "subject": check.signer_subject,
                "fingerprint_sha256": check.signer_fingerprint,
                "published": check.published,
                "status": signer_status,
            },
        },
        "serial": check.serial,
        "certificate": certificate,
        "checked_at": checked_at,
    }
