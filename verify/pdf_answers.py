"""What verify tells about an uploaded PDF: one shape for the JSON API and the HTML page."""

from __future__ import annotations

import marshmallow as ma

from certs.dates import iso_utc
from certs.pdf.check import PdfSignatureCheck
from verify.schemas import CertificateAnswerSchema

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
        "PDF 签名完好，但此证书的凭证由已宣布泄露的密钥签署，不能凭签名确认其真实性，"
        "请向发证机关核实。",
        "The PDF's signature is intact, but the certificate's credential was signed by a key "
        "declared compromised; its signature cannot be trusted. Confirm with the issuing bureau.",
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
        "The signature is intact but was not made with the bureau's published certificate: "
        "do not trust this file.",
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


def _result(check: PdfSignatureCheck, certificate: dict | None) -> str:
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
    result = _result(check, certificate)
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


S = ma.fields.String
N = {"allow_none": True, "required": True}


class SignerSchema(ma.Schema):
    subject = S(**N)
    fingerprint_sha256 = S(**N)
    published = ma.fields.Boolean(required=True)
    status = S(**N, metadata={"description": "active or retired, when published"})


class PdfSignatureSchema(ma.Schema):
    intact = ma.fields.Boolean(
        required=True, metadata={"description": "The signed bytes are unchanged"}
    )
    covers_whole_file = ma.fields.Boolean(
        required=True, metadata={"description": "Nothing was appended after signing"}
    )
    signed_at = S(**N)
    signer = ma.fields.Nested(SignerSchema, required=True)


class PdfAnswerSchema(ma.Schema):
    result = S(required=True, metadata={"enum": sorted(PDF_RESULTS)})
    result_zh = S(required=True)
    result_en = S(required=True)
    message = S(required=True)
    message_zh = S(required=True)
    pdf_signature = ma.fields.Nested(PdfSignatureSchema, required=True)
    serial = S(**N)
    certificate = ma.fields.Nested(CertificateAnswerSchema, **N)
    checked_at = S(required=True)
