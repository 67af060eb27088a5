"""Results batches: what a committee submits, and what it gets back."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.evaluation import TRACK_DESCRIPTION
from certs.revocation import FRAUD_KINDS
from registry.certificates.schemas import (
    CertificateIssueSchema,
    GroundSchema,
    NamedCodeSchema,
    TechnicalSchoolClassSchema,
)
from registry.web.schemas import StrictSchema, one_of, strings, text
from webbase.eligibility import (
    ApplicantFactsSchema,
    GroundDetailsSchema,
    fast_facts,
    judged_field,
)
from webbase.validation import Message, text_fault

MAX_ROWS = 20_000
WORK_UNIT_REQUIRED = Message(
    "required",
    "Give the person's work unit: the public notice (公示制度, 三(四)4) lists each person's "
    "name, work unit, title and specialty.",
    "请填写工作单位：评审结果公示（三(四)4 公示制度）须列明姓名、工作单位、申报职称和专业。",
)

FACTS_REQUIRED = Message(
    "facts_required",
    "Give the person's facts (education, work, titles, qualifications, outputs, "
    "representative works), which the standard conditions are checked against: a single "
    "CSV file cannot hold these lists, so send the results as an .xlsx workbook (the "
    "template: GET /api/v1/batches/template.xlsx) or as JSON rows with `facts`.",
    "请填写申报人的条件信息（学历、工作经历、职称、职业资格、成果、代表作），以便按基本标准条件核验："
    "单个 CSV 文件无法容纳这些列表，请以 .xlsx 工作簿（模板：GET /api/v1/batches/template.xlsx）"
    "或带 facts 的 JSON 行提交。",
)


class FactsField(ma.fields.Nested):
    """A row's facts: read fast when a program wrote them (webbase.eligibility.fast_facts),
    by ApplicantFactsSchema otherwise, after every text in them, names included, is checked
    as the row's own are (StrictSchema)."""

    def __init__(self, **kwargs):
        super().__init__(ApplicantFactsSchema, **kwargs)

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        loaded = fast_facts(value)
        if loaded is not None:
            return loaded
        bad = {name: [fault] for name, text in strings(value) if (fault := text_fault(text))}
        if bad:
            raise ma.ValidationError(bad)
        return super()._deserialize(value, attr, data, partial=partial, **kwargs)


class BatchRowSchema(CertificateIssueSchema):
    """One person's result. The committee comes from the batch; the approval decision
    number and date are given when the batch is issued."""

    TEXT_CHECKED_BY_ANOTHER_SCHEMA = ("facts",)  # by FactsField

    meeting_date = ma.fields.Date(required=True, metadata={"description": "评审会议日期"})
    work_unit = text(
        200,
        required=False,  # required, with the rule named: _work_unit_given
        metadata={
            "description": "工作单位 (required): the person's employer, shown on the public "
            "notice while it runs"
        },
    )

    facts = FactsField(
        allow_none=True,
        load_default=None,  # required, by the row's checks: a CSV row's other faults are named too
        metadata={
            "description": "The person's facts (required): educations, work, titles, "
            "qualifications, skill_level, outputs, representative_works, as the public "
            "pre-check takes them; checked against the annex's conditions"
        },
    )
    judged = judged_field(
        load_default=list,
        metadata={
            "description": "The clauses the committee judged (已评议条件), e.g. 附件首段, "
            "附件四(一)1, 附件四(二)2, 附件四(三): a condition only experts can weigh "
            "passes only when listed here"
        },
    )
    ground_details = ma.fields.Nested(
        GroundDetailsSchema,
        allow_none=True,
        load_default=None,
        metadata={
            "description": "For 破格/直通车: what the route_ground's clause weighs (rank, "
            "award_grade, award_level, standard_kind)"
        },
    )

    @ma.validates_schema(pass_original=True, skip_on_field_errors=False)
    def _work_unit_given(self, _data, original, **_kwargs):
        value = original.get("work_unit") if isinstance(original, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ma.ValidationError(WORK_UNIT_REQUIRED, "work_unit")

    @ma.post_load
    def _strip_work_unit(self, data, **_kwargs):
        data["work_unit"] = data["work_unit"].strip()
        return data


def row_schema() -> BatchRowSchema:
    return BatchRowSchema(exclude=("committee_code", "decision_number", "decision_date"))


class BatchSubmitSchema(StrictSchema):
    TEXT_CHECKED_BY_ANOTHER_SCHEMA = ("rows",)  # each row by the row schema, naming its row

    committee_code = text(
        32,
        required=False,
        metadata={
            "description": "Required for a bureau token; a committee token submits "
            "for its own committee"
        },
    )
    rows = ma.fields.List(
        ma.fields.Dict(),
        required=True,
        validate=validate.Length(min=1, max=MAX_ROWS),
        metadata={"description": "One object per person, fields as BatchRow"},
    )


class BatchIssueSchema(StrictSchema):
    decision_number = text(100, metadata={"description": "评审结果核准/发文文号"})
    decision_date = ma.fields.Date(required=True)


class ObjectionCreateSchema(StrictSchema):
    row = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    summary = text(2000, metadata={"description": "What the objection says (kept private)"})


class FraudFieldsSchema(StrictSchema):
    """Fraud found by the decision (三(二)1): it goes into the integrity record."""

    fraud_kind = ma.fields.String(
        load_default=None,
        validate=one_of(tuple(FRAUD_KINDS), "弄虚作假类别", "fraud kind"),
        metadata={
            "description": "The fraud found, if any: forged_education (伪造学历), "
            "forged_work_history, forged_publications, forged_research, forged_awards, "
            "forged_achievements, or forged_other (其他弄虚作假, with fraud_description). "
            "Makes an integrity record that bars the person from today."
        },
    )
    fraud_description = text(
        2000,
        required=False,
        load_default=None,
        metadata={"description": "What was falsified; required for forged_other"},
    )
    decision_number = text(
        100,
        required=False,
        load_default=None,
        metadata={"description": "The decision's number (文号); required with fraud_kind"},
    )


class ObjectionDecideSchema(FraudFieldsSchema):
    outcome = ma.fields.String(required=True, validate=validate.OneOf(("upheld", "dismissed")))
    reason = text(2000)


class RowWithdrawSchema(FraudFieldsSchema):
    reason = text(2000, metadata={"description": "Why the row is withdrawn"})


class BatchListQuerySchema(StrictSchema):
    status = ma.fields.String(validate=validate.OneOf(("notice", "issued")))


class NoticeSchema(ma.Schema):
    starts = ma.fields.Date(required=True)
    ends = ma.fields.Date(required=True)
    working_days = ma.fields.Integer(required=True)
    issuable_from = ma.fields.Date(required=True)
    calendar_covers = ma.fields.Dict(required=True)
    closed_at = ma.fields.AwareDateTime(
        allow_none=True,
        required=True,
        metadata={
            "description": "When full names and work units left the public notice "
            "(the daily notice-close step, or issuance); null while it runs"
        },
    )


class BatchRowOutSchema(ma.Schema):
    row = ma.fields.Integer(required=True)
    holder_name = ma.fields.String(required=True)
    holder_id_number_masked = ma.fields.String(required=True)
    work_unit = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "Null for rows submitted before it was asked"},
    )
    level = ma.fields.String(required=True)
    specialty = ma.fields.Nested(NamedCodeSchema, required=True)
    evaluation_track = ma.fields.String(required=True, metadata={"description": TRACK_DESCRIPTION})
    route = ma.fields.String(required=True)
    route_ground = ma.fields.Nested(GroundSchema, allow_none=True, required=True)
    route_basis = ma.fields.String(allow_none=True, required=True)
    technical_school_class = ma.fields.Nested(
        TechnicalSchoolClassSchema, allow_none=True, required=True
    )
    meeting_date = ma.fields.Date(required=True)
    status = ma.fields.String(
        required=True, metadata={"description": "listed, removed, withdrawn or issued"}
    )
    serial = ma.fields.String(allow_none=True, required=True)
    withdrawal = ma.fields.Nested(
        "RowWithdrawalSchema",
        allow_none=True,
        required=True,
        metadata={"description": "Why and when the bureau withdrew the row, or null"},
    )
    eligibility = ma.fields.Nested(
        "RowEligibilitySchema",
        allow_none=True,
        required=True,
        metadata={
            "description": "The standard conditions' verdict at submission, and the "
            "conditions the committee judged; null for rows submitted before it was asked"
        },
    )


class RowEligibilitySchema(ma.Schema):
    outcome = ma.fields.String(
        required=True,
        metadata={"description": "eligible (every condition met, waived or judged)"},
    )
    reference_date = ma.fields.Date(
        required=True, metadata={"description": "The date the years were counted to"}
    )
    conditions = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        required=True,
        metadata={"description": "Each condition's clause and its status (met, waived, judged)"},
    )
    proven = ma.fields.List(
        ma.fields.String(allow_none=True),
        required=True,
        metadata={"description": "Certificates of this registry the lower titles rest on"},
    )
    declared = ma.fields.List(
        ma.fields.String(allow_none=True),
        required=True,
        metadata={
            "description": "Certificate numbers of the titles and qualifications only "
            "declared, for the committee to have checked against the paper"
        },
    )
    judged = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "The clauses the committee says it judged (已评议条件)"},
    )


class RowWithdrawalSchema(ma.Schema):
    row = ma.fields.Integer(required=True)
    reason = ma.fields.String(required=True)
    withdrawn_at = ma.fields.AwareDateTime(required=True)
    fraud_kind = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "Private to the bureau: null for a committee token"},
    )
    integrity_record_id = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Private to the bureau: null for a committee token"},
    )


class ObjectionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    row = ma.fields.Integer(required=True)
    summary = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "Private to the bureau: null for a committee token"},
    )
    status = ma.fields.String(required=True)
    recorded_at = ma.fields.AwareDateTime(required=True)
    outcome_reason = ma.fields.String(allow_none=True, required=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True, required=True)
    integrity_record_id = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={
            "description": "The integrity record an objection upheld for fraud made; private "
            "to the bureau (null for a committee token)"
        },
    )


class BatchSchema(ma.Schema):
    id = ma.fields.String(required=True)
    committee = ma.fields.Nested(NamedCodeSchema, required=True)
    status = ma.fields.String(required=True)
    submitted_at = ma.fields.AwareDateTime(required=True)
    notice = ma.fields.Nested(NoticeSchema, required=True)
    row_count = ma.fields.Integer(required=True)
    decision_number = ma.fields.String(allow_none=True, required=True)
    decision_date = ma.fields.Date(allow_none=True, required=True)
    issued_at = ma.fields.AwareDateTime(allow_none=True, required=True)
    rows = ma.fields.List(ma.fields.Nested(BatchRowOutSchema))
    objections = ma.fields.List(ma.fields.Nested(ObjectionSchema))


class BatchSummarySchema(BatchSchema):
    class Meta:
        exclude = ("rows", "objections")


class CsvQuerySchema(StrictSchema):
    committee_code = text(32, required=False)


class IssuedCertificateSchema(ma.Schema):
    row = ma.fields.Integer(required=True)
    serial = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    verify_page = ma.fields.String(required=True)
    access_code = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "The holder's access code (查询码), for the issuer to hand over. "
            "Shown in the first answer only: null when an Idempotency-Key replays it "
            "(the bureau can then re-issue the batch's codes: "
            "POST /api/v1/batches/{batch_id}/access-codes)."
        },
    )


class BatchIssuedSchema(ma.Schema):
    batch = ma.fields.Nested(BatchSummarySchema, required=True)
    certificates = ma.fields.List(ma.fields.Nested(IssuedCertificateSchema), required=True)


class NewAccessCodeSchema(ma.Schema):
    row = ma.fields.Integer(required=True)
    serial = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    access_code = ma.fields.String(
        required=True,
        metadata={
            "description": "The new access code (查询码), shown this once; the old one "
            "no longer works"
        },
    )


class BatchAccessCodesSchema(ma.Schema):
    batch = ma.fields.String(required=True, metadata={"description": "The batch's id"})
    certificates = ma.fields.List(
        ma.fields.Nested(NewAccessCodeSchema),
        required=True,
        metadata={"description": "Every certificate of the batch still valid, by row"},
    )
