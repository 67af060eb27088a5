"""Why a certificate stops being valid, in words both languages agree on.

The six kinds of fraud are the policy's own list (三(二)1: 伪造学历、资历、论文著作、科研成果、
获奖证书、工作业绩), and the clause's 「等弄虚作假行为」 is the seventh kind, `forged_other`,
which must say what was falsified. Fraud found at any stage (an objection upheld during the
notice, a row withdrawn from a batch, a title revoked) goes into the integrity record
(一票否决). The other reasons revoke without blaming the holder.
"""

from __future__ import annotations

from dataclasses import dataclass

from certs.errors import FieldError


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
        Reason("forged_other", "其他弄虚作假", "Other fraud (described)", True),
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
FRAUD_KINDS: dict[str, Reason] = {code: r for code, r in REVOCATION_REASONS.items() if r.fraud}
OTHER_FRAUD = "forged_other"  # the clause's 「等」: the only kind that must be described


def fraud_errors(
    kind: str | None,
    description: str | None,
    decision_number: str | None,
    kind_field: str = "fraud_kind",
) -> list[FieldError]:
    """Why a finding of fraud cannot be recorded as given: the kind, its description and
    the decision it is recorded under (三(二)1: 记入职称评价诚信档案)."""
    errors = []
    if kind is None:
        if description is not None:
            errors.append(
                FieldError(
                    "fraud_description",
                    "fraud_kind_required",
                    f"A description of fraud goes with its kind ({kind_field}): one of "
                    f"{', '.join(FRAUD_KINDS)} (policy 三(二)1).",
                    f"描述弄虚作假情形时须同时注明其类别（{kind_field}），可选值："
                    f"{'、'.join(FRAUD_KINDS)}（依据三(二)1）。",
                )
            )
        return errors
    if kind == OTHER_FRAUD and not description:
        errors.append(
            FieldError(
                "fraud_description",
                "description_required",
                "Other fraud must be described: the policy (三(二)1) lists six kinds and "
                "'other falsification' (等弄虚作假行为); say what was falsified.",
                "“其他弄虚作假”须说明弄虚作假的具体情形（三(二)1 列举六类并以“等弄虚作假行为”"
                "兜底）。",
            )
        )
    if not decision_number:
        errors.append(
            FieldError(
                "decision_number",
                "decision_number_required",
                "A finding of fraud goes into the integrity record under its decision's "
                "number (policy 三(二)1: 记入职称评价诚信档案).",
                "认定弄虚作假须注明处理决定文号，据此记入职称评价诚信档案（三(二)1）。",
            )
        )
    return errors


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
