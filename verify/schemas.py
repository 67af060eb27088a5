"""The shapes verify answers in, and the queries it accepts (documented in /openapi.json;
schemathesis holds us to them). One section per feature, in the order of the API."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma
from marshmallow import validate

from certs.evaluation import METHOD_DESCRIPTION, TRACK_DESCRIPTION
from certs.levels import ISSUABLE_CODES
from verify.answers import PDF_RESULTS
from webbase.eligibility import PrecheckSchema
from webbase.validation import Message

S = ma.fields.String
N: dict[str, Any] = {"allow_none": True, "required": True}


# Certificates ----------------------------------------------------------------------------
class VerifyRequestSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    token = S(
        validate=validate.Length(min=1),
        metadata={"description": "A compact JWS (vc+jwt), e.g. the credential file"},
    )
    qr_text = S(
        validate=validate.Length(min=1),
        metadata={"description": "The text of a certificate's QR code"},
    )

    # Exactly one of the two.
    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {
        "oneOf": [{"required": ["token"]}, {"required": ["qr_text"]}]
    }

    @ma.validates_schema
    def _exactly_one(self, data: dict[str, Any], **_kwargs: Any) -> None:
        given = [name for name in ("token", "qr_text") if data.get(name)]
        if len(given) != 1:
            raise ma.ValidationError(
                Message(
                    "one_of_token_or_qr_text",
                    "Send exactly one of token or qr_text.",
                    "请提供 token 或 qr_text 其中之一（且只提供一个）。",
                ),
                "token",
            )


class SignatureSchema(ma.Schema):
    valid = ma.fields.Boolean(required=True)
    reason = S(**N)
    message = S(required=True)
    message_zh = S(required=True)
    kid = S(**N)
    key_status = S(**N)
    key_compromised = ma.fields.Boolean(
        required=True, metadata={"description": "Signed by a key at or after its compromise"}
    )


class NamedSchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)


class SourceSchema(ma.Schema):
    code = S(required=True)
    year = ma.fields.Integer(required=True, allow_none=True)
    name_zh = S(required=True)
    name_en = S(required=True)


class RegistrationSchema(ma.Schema):
    status_zh = S(required=True)
    status_en = S(required=True)
    original_number = S(required=True)
    source = ma.fields.Nested(SourceSchema, required=True)


class CertificateAnswerSchema(ma.Schema):
    serial = S(required=True)
    serial_display = S(required=True)
    result = S(
        required=True,
        metadata={
            "enum": ["valid", "revoked", "suspended", "key_compromised", "signature_invalid"],
            "description": "key_compromised: the record is in force, but its credential was "
            "signed by a key at or after the key's compromise (revoked and suspended come "
            "first)",
        },
    )
    result_zh = S(required=True)
    result_en = S(required=True)
    status = S(required=True)
    status_reason = S(**N)
    status_changed_at = S(**N)
    status_reason_zh = S(**N)
    status_reason_en = S(**N)
    status_decision_number = S(**N)
    status_effective_date = S(**N)
    key_compromised = ma.fields.Boolean(required=True)
    masked_name = S(required=True)
    level = S(required=True)
    title_zh = S(required=True)
    title_en = S(required=True)
    specialty = ma.fields.Nested(NamedSchema, required=True)
    committee = ma.fields.Nested(NamedSchema, required=True)
    evaluation_track = ma.fields.Nested(
        NamedSchema, required=True, metadata={"description": TRACK_DESCRIPTION}
    )
    evaluation_method = ma.fields.Nested(
        NamedSchema,
        required=True,
        metadata={"description": METHOD_DESCRIPTION},
    )
    route = ma.fields.Nested(
        NamedSchema,
        required=True,
        metadata={
            "description": "How the title was obtained: regular, exceptional (破格), "
            "direct_track (直通车), technical_school, qualification_equivalence (认定), "
            "imported (登记在册: a title of the existing register, see registration)"
        },
    )
    registration = ma.fields.Nested(
        RegistrationSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "An imported title (登记在册): its original number and source; "
            "null for a title issued through this registry"
        },
    )
    decision_number = S(required=True)
    decision_date = S(required=True)
    issued_at = S(required=True)
    signature = ma.fields.Nested(SignatureSchema, required=True)
    checked_at = S(required=True)


class ClaimsSchema(ma.Schema):
    masked_name = S(**N)
    level = S(**N)
    title_zh = S(**N)
    title_en = S(**N)


class TokenAnswerSchema(ma.Schema):
    result = S(
        required=True,
        metadata={
            "description": "The live record's result (as a certificate answer's), or "
            "not_found, or signature_invalid when the token's own signature fails"
        },
    )
    result_zh = S(required=True)
    result_en = S(required=True)
    token_signature = ma.fields.Nested(SignatureSchema, required=True)
    serial = S(**N)
    claims = ma.fields.Nested(ClaimsSchema, required=True)
    certificate = ma.fields.Nested(CertificateAnswerSchema, **N)
    checked_at = S(required=True)


class HealthWarningSchema(ma.Schema):
    code = S(
        required=True,
        metadata={
            "enum": ["calendar_ending", "calendar_ended", "calendar_empty", "calendar_unreadable"]
        },
    )
    message = S(required=True)
    message_zh = S(required=True)


class CalendarHealthSchema(ma.Schema):
    covers_to = ma.fields.Date(
        **N, metadata={"description": "The working-day calendar's last day; null when unknown"}
    )
    days_left = ma.fields.Integer(**N)


class HealthSchema(ma.Schema):
    status = S(required=True, metadata={"enum": ["ok"]})
    calendar = ma.fields.Nested(CalendarHealthSchema, required=True)
    warnings = ma.fields.List(
        ma.fields.Nested(HealthWarningSchema),
        required=True,
        metadata={
            "description": "What the operators must see to: the working-day calendar's end "
            "from 30 days before it on"
        },
    )


# Public notices --------------------------------------------------------------------------
class NoticeQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    q = S(
        validate=validate.Length(max=50),
        metadata={
            "description": "Search by name, work unit or specialty (name or code); names and "
            "work units only while the notice runs"
        },
    )
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class NoticeSchema(ma.Schema):
    batch_id = ma.fields.String(required=True)
    committee = ma.fields.Dict(required=True)
    notice_from = ma.fields.Date(required=True)
    notice_to = ma.fields.Date(required=True)
    status = ma.fields.String(
        required=True, metadata={"description": "notice (not yet issued) or issued"}
    )
    open = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "The notice runs (Beijing date): objections are taken, full names "
            "and work units are shown"
        },
    )
    objection_deadline = ma.fields.Date(
        required=True, metadata={"description": "The last day to raise an objection"}
    )
    objection_contact = ma.fields.String(
        **N,
        metadata={
            "description": "Where to raise an objection, as the bureau published it; null: "
            "the municipal human-resources bureau"
        },
    )
    published_at = ma.fields.AwareDateTime(required=True)
    closed_at = ma.fields.AwareDateTime(
        **N,
        metadata={"description": "When full names and work units were taken off the notice"},
    )


class NoticeEntrySchema(ma.Schema):
    row = ma.fields.Integer(
        required=True,
        metadata={
            "description": "The row in the committee's submission (a spreadsheet's row, the "
            "header being row 1); name it with the batch when objecting"
        },
    )
    name = S(**N, metadata={"description": "Full name while the notice runs, else null"})
    masked_name = S(required=True)
    work_unit = S(**N, metadata={"description": "工作单位 while the notice runs, else null"})
    level = ma.fields.String(required=True)
    title_zh = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)
    specialty = ma.fields.Dict(required=True)
    evaluation_track = ma.fields.Dict(required=True, metadata={"description": TRACK_DESCRIPTION})
    route = ma.fields.Dict(required=True)


class NoticeDetailSchema(NoticeSchema):
    listed = ma.fields.Integer(required=True, metadata={"description": "People on the notice"})
    query = S(**N)
    total = ma.fields.Integer(required=True, metadata={"description": "Entries matching q"})
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    next_page = ma.fields.Integer(**N)
    entries = ma.fields.List(ma.fields.Nested(NoticeEntrySchema), required=True)


# The equivalence list --------------------------------------------------------------------
class ListQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    on = ma.fields.Date(metadata={"description": "The list in force on this date; today if absent"})
    version = ma.fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "A version number instead of a date"},
    )
    q = S(
        validate=validate.Length(max=100),
        metadata={
            "description": "Look a qualification up by name; tolerant of full-width brackets, "
            "壹级/1级 for 一级, with or without 注册, spaces",
            "example": "一级注册建造师",
        },
    )


class BilingualSchema(ma.Schema):
    en = S(required=True)
    zh = S(required=True)


class VersionAnswerSchema(ma.Schema):
    number = ma.fields.Integer(required=True)
    effective_from = S(required=True)
    action = S(required=True)
    summary = S(required=True)
    published_at = S(required=True)


class EntryAnswerSchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)
    awarding_body = S(required=True)
    grade = S(required=True)
    grade_zh = S(required=True)
    grade_en = S(required=True)
    level = S(required=True)
    title_zh = S(required=True)
    title_en = S(required=True)
    source = S(required=True, metadata={"enum": ["rule", "exception"]})
    basis = S(**N)
    provisional = ma.fields.Boolean(required=True)
    note = S(**N)
    holds_since = S(required=True)
    effective_from = S(required=True)
    effective_to = S(**N)


class RuleSchema(BilingualSchema):
    clause = S(required=True, metadata={"description": "The policy clause, 三(三)3"})
    policy = ma.fields.Nested(
        BilingualSchema,
        required=True,
        metadata={"description": "The policy's sentence (zh, verbatim) and a translation (en)"},
    )
    implementation = ma.fields.Nested(
        BilingualSchema,
        required=True,
        metadata={
            "description": "The bureau's implementing choice: the title within each tier the "
            "policy names (not the policy's words)"
        },
    )


class ListAnswerSchema(ma.Schema):
    on = S(**N)
    version = ma.fields.Nested(VersionAnswerSchema, **N)
    query = S(**N)
    rule = ma.fields.Nested(
        RuleSchema,
        required=True,
        metadata={"description": "en, zh: the policy's sentence and the bureau's choice, joined"},
    )
    notice = ma.fields.Nested(BilingualSchema, **N)
    entries = ma.fields.List(ma.fields.Nested(EntryAnswerSchema), required=True)


# Review committees and the specialty catalogue -------------------------------------------
class CommitteeDecisionSchema(ma.Schema):
    action = S(required=True, metadata={"enum": ["suspend", "reinstate", "withdraw"]})
    action_zh = S(required=True)
    action_en = S(required=True)
    status = S(required=True)
    effective_date = S(required=True)
    decision_number = S(required=True)
    in_effect = ma.fields.Boolean(required=True)


class RectificationOrderSchema(ma.Schema):
    decision_number = S(required=True, metadata={"description": "决定文号"})
    decision_date = S(required=True)
    deadline = S(required=True, metadata={"description": "The last day to rectify (整改期限)"})
    grounds = ma.fields.List(
        ma.fields.Nested(NamedSchema),
        required=True,
        metadata={"description": "The causes 三(四)4 names: 评审工作把关不严, 程序不规范"},
    )
    standing = S(
        required=True,
        metadata={
            "enum": ["open", "overdue", "rectified", "escalated", "withdrawn"],
            "description": "Today (Beijing date): open, overdue (deadline passed, not ended), "
            "or how it ended",
        },
    )
    standing_zh = S(required=True)
    standing_en = S(required=True)
    overdue = ma.fields.Boolean(required=True)
    outcome = S(**N, metadata={"description": "rectified, escalated or withdrawn; null while open"})
    closed_on = S(**N, metadata={"description": "Date of the decision that ended it"})
    closing_decision_number = S(**N)


class PublicCommitteeSchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)
    organisation = S(required=True, metadata={"description": "职称评审服务机构"})
    filing_number = S(required=True, metadata={"description": "核准备案号"})
    levels = ma.fields.List(ma.fields.Nested(NamedSchema), required=True)
    specialties = ma.fields.List(ma.fields.Nested(NamedSchema), required=True)
    valid_from = S(required=True)
    valid_to = S(**N)
    status = S(
        required=True,
        metadata={
            "enum": ["active", "suspended", "withdrawn", "expired", "not_yet_in_force"],
            "description": "In force today (Beijing date), from the bureau's decisions",
        },
    )
    status_zh = S(required=True)
    status_en = S(required=True)
    may_issue = ma.fields.Boolean(required=True)
    status_since = S(**N)
    status_decision_number = S(**N)
    decisions = ma.fields.List(ma.fields.Nested(CommitteeDecisionSchema), required=True)
    open_rectification_order = ma.fields.Nested(
        RectificationOrderSchema,
        **N,
        metadata={
            "description": "An order to rectify by a deadline (责令限期整改) not yet ended: "
            "the committee keeps its authority meanwhile"
        },
    )
    rectification_orders = ma.fields.List(
        ma.fields.Nested(RectificationOrderSchema),
        required=True,
        metadata={"description": "Every order to rectify, oldest first"},
    )


class PublicSpecialtyNameSchema(ma.Schema):
    name_zh = S(required=True)
    name_en = S(required=True)
    valid_from = S(required=True)
    valid_to = S(**N)


class PublicSpecialtySchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)
    field = S(required=True)
    valid_from = S(required=True)
    valid_to = S(**N, metadata={"description": "Last day open for new certificates"})
    open = ma.fields.Boolean(required=True, metadata={"description": "Open for new certificates"})
    names = ma.fields.List(ma.fields.Nested(PublicSpecialtyNameSchema), required=True)


# The revocation register -----------------------------------------------------------------
class RegisterQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE

    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class RevocationSchema(ma.Schema):
    serial = ma.fields.String(required=True)
    serial_display = ma.fields.String(required=True)
    masked_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    title_zh = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)
    specialty = ma.fields.Nested(NamedSchema, required=True)
    committee = ma.fields.Nested(NamedSchema, required=True)
    reason_class = ma.fields.String(allow_none=True, required=True)
    reason_zh = ma.fields.String(allow_none=True, required=True)
    reason_en = ma.fields.String(allow_none=True, required=True)
    decision_number = ma.fields.String(allow_none=True, required=True)
    effective_date = ma.fields.String(allow_none=True, required=True)
    revoked_at = ma.fields.String(allow_none=True, required=True)


class RegisterPageSchema(ma.Schema):
    total = ma.fields.Integer(required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    next_page = ma.fields.Integer(allow_none=True, required=True)
    items = ma.fields.List(ma.fields.Nested(RevocationSchema), required=True)


# Uploaded PDFs ---------------------------------------------------------------------------
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


# The eligibility pre-check ----------------------------------------------------------------
CONDITION_STATUSES = ["met", "not_met", "waived", "needs_judgement", "judged"]
OUTCOMES = ["eligible", "not_eligible", "needs_committee_judgement"]


class PrecheckRequestSchema(PrecheckSchema):
    """What an applicant has and asks about (webbase.eligibility.PrecheckSchema); nothing of
    it is stored or logged. No name, no ID-card number."""


class ConditionSchema(ma.Schema):
    clause = S(required=True, metadata={"description": "The clause, e.g. 附件四(一)2(3)"})
    wording_zh = S(required=True, metadata={"description": "The policy's words"})
    wording_en = S(required=True)
    status = S(
        required=True,
        metadata={
            "enum": CONDITION_STATUSES,
            "description": "waived: by the route (破格, 直通车); needs_judgement: only the "
            "committee's experts can weigh it; judged: they did",
        },
    )
    holds = ma.fields.Boolean(
        **N, metadata={"description": "null while it waits for the committee's judgement"}
    )
    reason_zh = S(required=True)
    reason_en = S(required=True)
    options = ma.fields.List(
        ma.fields.Nested(lambda: ConditionSchema()),
        metadata={"description": "For 符合下列条件之一: each option tried (absent when none)"},
    )


class FactProofSchema(ma.Schema):
    fact_zh = S(required=True)
    fact_en = S(required=True)
    proof = S(
        required=True,
        metadata={
            "enum": ["proven", "declared"],
            "description": "The pre-check proves nothing: every fact is declared",
        },
    )
    certificate_number = S(**N)


class NoteSchema(ma.Schema):
    zh = S(required=True)
    en = S(required=True)


class VerdictSchema(ma.Schema):
    outcome = S(
        required=True,
        metadata={
            "enum": OUTCOMES,
            "description": "not_eligible when a condition fails; needs_committee_judgement "
            "when one is for the committee (the pre-check's usual best: what only experts "
            "weigh is never judged here)",
        },
    )
    outcome_zh = S(required=True)
    outcome_en = S(required=True)
    level = S(required=True, metadata={"enum": list(ISSUABLE_CODES)})
    route = S(required=True, metadata={"enum": ["regular", "exceptional", "direct_track"]})
    reference_date = S(required=True, metadata={"format": "date"})
    conditions = ma.fields.List(ma.fields.Nested(ConditionSchema), required=True)
    open_judgements = ma.fields.List(
        S(), required=True, metadata={"description": "The clauses left to the committee"}
    )
    facts = ma.fields.List(ma.fields.Nested(FactProofSchema), required=True)
    notes = ma.fields.List(
        ma.fields.Nested(NoteSchema),
        required=True,
        metadata={"description": "Where the policy leaves a choice, whose it is"},
    )
