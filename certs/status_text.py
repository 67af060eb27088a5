"""How a certificate's status reads to a person, in Chinese and English.

One table for every page that shows a status (verify's public page, the registry's share
page). A status or reason class this table does not know still shows, by its code, as a
warning: a new status never reads as valid by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from certs.revocation import reason_label


@dataclass(frozen=True)
class StatusText:
    css: str  # the banner's colour class
    icon: str  # a symbol beside the words, so colour is never the only signal
    title_zh: str
    title_en: str
    sentence_zh: str
    sentence_en: str
    reason_zh: str | None = None
    reason_en: str | None = None
    since: str | None = None  # the date of the change, YYYY-MM-DD


_STATUSES: dict[str, tuple[str, str, str, str, str, str]] = {
    "valid": (
        "valid",
        "✔",
        "有效",
        "Valid",
        "此证书真实有效。",
        "This certificate is authentic and in force.",
    ),
    "revoked": (
        "revoked",
        "✖",
        "已撤销",
        "Revoked",
        "此证书已被撤销，不再有效。",
        "This certificate has been revoked and is no longer valid.",
    ),
    "suspended": (
        "suspended",
        "⏸",
        "已暂停",
        "Suspended",
        "此证书已暂停使用，暂不能作为有效证明。",
        "This certificate is suspended and cannot be relied on for now.",
    ),
    "key_compromised": (
        "signature_invalid",
        "⚠",
        "签名密钥已泄露",
        "Signing key compromised",
        "签发此证书的密钥已被宣布泄露，不能凭签名确认其真实性，请向发证机关核实。",
        (
            "The key that signed this certificate was declared compromised; its signature "
            "cannot be trusted. Confirm with the issuing bureau."
        ),
    ),
    "signature_invalid": (
        "signature_invalid",
        "⚠",
        "签名无效",
        "Signature invalid",
        "签名核验未通过，此记录不可信。",
        "The signature check failed; this record cannot be trusted.",
    ),
    "not_found": (
        "not_found",
        "?",
        "未找到",
        "Not found",
        "没有此编号的证书，请与纸质证书核对编号。",
        "No certificate has this serial number. Check it against the paper certificate.",
    ),
}
_STATUSES["compromised"] = _STATUSES["key_compromised"]


def status_text(
    result: str, reason: str | None = None, changed_at: dt.date | str | None = None
) -> StatusText:
    """``changed_at``: the date the change took effect (a decision's effective date), or
    failing that when it was recorded."""
    known = _STATUSES.get(result)
    if known is None:
        known = (
            "unknown",
            "⚠",
            result,
            result,
            "此证书当前状态不是“有效”，请向发证机关核实。",
            "This certificate's status is not 'valid'; confirm with the issuing bureau.",
        )
    reason_zh, reason_en = reason_label(reason)  # the published class: fraud, or the reason
    if isinstance(changed_at, dt.datetime):
        changed_at = changed_at.astimezone(dt.UTC).date().isoformat()
    elif isinstance(changed_at, dt.date):
        changed_at = changed_at.isoformat()
    since = changed_at[:10] if changed_at and result != "valid" else None
    return StatusText(*known, reason_zh=reason_zh, reason_en=reason_en, since=since)
