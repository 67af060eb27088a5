"""Why a certificate stops being valid, in words both languages agree on.

The six kinds of fraud are the policy's own list (三(二)1: 伪造学历、资历、论文著作、科研成果、
获奖证书、工作业绩): each one revokes the title and goes into the integrity record
(一票否决). The other reasons revoke without blaming the holder.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str
    fraud: bool


REVOCATION_REASONS: dict[str, Reason] = {
    reason.code: reason
    for reason in (
        Reason("forged_education", "伪造学历", "Forged education", True),
        Reason("forged_work_history", "伪造资历", "Forged work history", True),
        Reason("forged_publications", "伪造论文著作", "Forged papers or books", True),
        Reason("forged_research", "伪造科研成果", "Forged research results", True),
        Reason("forged_awards", "伪造获奖证书", "Forged award certificates", True),
        Reason("forged_achievements", "伪造工作业绩", "Forged work achievements", True),
        Reason("issued_in_error", "错误颁发", "Issued in error", False),
        Reason("duplicate", "重复颁发", "Duplicate certificate", False),
        Reason(
            "authority_withdrawn",
            "评审委员会评审权被收回",
            "Authority withdrawn from the committee",
            False,
        ),
    )
}
SUSPENSION_REASON = Reason("under_investigation", "调查中", "Under investigation", False)
STATUS_REASONS = {**REVOCATION_REASONS, SUSPENSION_REASON.code: SUSPENSION_REASON}


def reason_class(code: str | None) -> str | None:
    """The class a reason is published under: ``fraud``, or the reason itself."""
    if code is None:
        return None
    reason = STATUS_REASONS.get(code)
    return "fraud" if reason and reason.fraud else code


# What the public sees: the class, not which document was forged (that stays in the
# integrity record, for the bureau).
FRAUD_CLASS = ("弄虚作假（一票否决）", "Fraud (title revoked under the one-vote veto)")


def reason_label(reason_class_code: str | None) -> tuple[str | None, str | None]:
    """(Chinese, English) for a published reason class."""
    if reason_class_code is None:
        return None, None
    if reason_class_code == "fraud":
        return FRAUD_CLASS
    reason = STATUS_REASONS.get(reason_class_code)
    return (reason.zh, reason.en) if reason else (reason_class_code, reason_class_code)
