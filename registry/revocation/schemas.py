"""Status decisions on certificates, and integrity records, as the bureau sends and reads them."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.revocation import REVOCATION_REASONS, STATUS_REASONS
from registry.revocation.services import ACTIONS
from registry.web.schemas import StrictSchema, one_of, text


class StatusDecisionSchema(StrictSchema):
    action = ma.fields.String(
        required=True,
        validate=one_of(tuple(ACTIONS), "操作", "action"),
        metadata={
            "description": "revoke (撤销), suspend (暂停), lift (解除暂停), "
            "reinstate (复议/申诉后恢复)"
        },
    )
    reason = ma.fields.String(
        load_default=None,
        validate=one_of(tuple(STATUS_REASONS), "原因", "reason"),
        metadata={
            "description": "Required to revoke; the forged_* reasons are fraud and make an "
            "integrity record (forged_other needs fraud_description). A suspension is "
            "under_investigation."
        },
    )
    decision_number = text(100, metadata={"description": "The decision document's number (文号)"})
    effective_date = ma.fields.Date(required=True)
    note = text(
        2000,
        required=False,
        load_default=None,
        metadata={"description": "Kept private: never published, never shown by verify"},
    )
    fraud_description = text(
        2000,
        required=False,
        load_default=None,
        attribute="description",
        metadata={
            "description": "What was falsified (kept in the integrity record); required for "
            "forged_other, only with a forged_* reason"
        },
    )


class CertificateStatusChangeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    serial = ma.fields.Function(lambda change: change.certificate.serial, required=True)
    action = ma.fields.String(required=True)
    from_status = ma.fields.String(required=True)
    to_status = ma.fields.String(required=True)
    reason = ma.fields.String(allow_none=True, required=True)
    decision_number = ma.fields.String(required=True)
    effective_date = ma.fields.Date(required=True)
    note = ma.fields.String(allow_none=True, required=True)
    actor = ma.fields.String(required=True)
    at = ma.fields.AwareDateTime(required=True)


class IntegrityQuerySchema(StrictSchema):
    after_id = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class IntegritySearchSchema(IntegrityQuerySchema):
    """One person's records. A POST body, not a query string: an ID-card number in a URL
    would end up in every access log on the way."""

    id_number = ma.fields.String(
        required=True,
        validate=validate.Length(min=15, max=18),
        metadata={"description": "居民身份证号码 (not stored; looked up by its keyed hash)"},
    )


class IntegrityRecordSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    holder_name = ma.fields.String(required=True)
    id_number_masked = ma.fields.String(required=True)
    source = ma.fields.String(
        required=True,
        metadata={
            "description": "revocation (of certificate_serial), objection (upheld during the "
            "notice) or withdrawal (of a batch row)"
        },
    )
    certificate_serial = ma.fields.String(allow_none=True, required=True)
    batch_id = ma.fields.Function(
        lambda record: record.batch_row.batch.public_id if record.batch_row else None,
        allow_none=True,
        required=True,
    )
    batch_row = ma.fields.Function(
        lambda record: record.batch_row.row_number if record.batch_row else None,
        allow_none=True,
        required=True,
    )
    objection_id = ma.fields.Integer(allow_none=True, required=True)
    conduct = ma.fields.String(required=True)
    description = ma.fields.String(
        allow_none=True, required=True, metadata={"description": "What was falsified"}
    )
    decision_number = ma.fields.String(required=True)
    decision_date = ma.fields.Date(required=True)
    barred_from = ma.fields.Date(required=True)
    barred_until = ma.fields.Date(
        required=True, metadata={"description": "The first day applications are open again"}
    )
    note = ma.fields.String(allow_none=True, required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    withdrawn_at = ma.fields.AwareDateTime(allow_none=True, required=True)
    withdrawn_decision = ma.fields.String(allow_none=True, required=True)


class IntegrityPageSchema(ma.Schema):
    records = ma.fields.List(ma.fields.Nested(IntegrityRecordSchema), required=True)
    next_after_id = ma.fields.Integer(allow_none=True, required=True)


class RecordWithdrawSchema(StrictSchema):
    decision_number = text(
        100, metadata={"description": "The appeal's decision number (not the finding's)"}
    )


REVIEW_STATUSES = ("open", "kept", "revoked", "cancelled")


class ReviewQuerySchema(IntegrityQuerySchema):
    status = ma.fields.String(validate=one_of(REVIEW_STATUSES, "状态", "status"))


class ReviewDecisionSchema(StrictSchema):
    decision = ma.fields.String(
        required=True,
        validate=one_of(("keep", "revoke"), "决定", "decision"),
        metadata={"description": "keep (保留) or revoke (撤销, through the status change)"},
    )
    reason = text(2000, metadata={"description": "Why, in the bureau's words"})
    decision_number = text(100, metadata={"description": "The decision document's number (文号)"})
    revocation_reason = ma.fields.String(
        load_default=None,
        validate=one_of(tuple(REVOCATION_REASONS), "撤销原因", "revocation reason"),
        metadata={"description": "Required to revoke"},
    )
    effective_date = ma.fields.Date(
        load_default=None, metadata={"description": "Revoke only; default today (Beijing)"}
    )
    fraud_description = text(2000, required=False, load_default=None)
    note = text(
        2000, required=False, load_default=None, metadata={"description": "Revoke only; private"}
    )


class ReviewCertificateSchema(ma.Schema):
    serial = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    decision_number = ma.fields.String(required=True)


class ReviewSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    status = ma.fields.String(
        required=True, metadata={"description": "open, kept, revoked or cancelled"}
    )
    certificate = ma.fields.Nested(ReviewCertificateSchema, required=True)
    integrity_record = ma.fields.Nested(
        IntegrityRecordSchema,
        required=True,
        metadata={"description": "The finding of fraud that calls for the review"},
    )
    opened_at = ma.fields.AwareDateTime(required=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True, required=True)
    decided_by = ma.fields.String(allow_none=True, required=True)
    decision_number = ma.fields.String(allow_none=True, required=True)
    reason = ma.fields.String(allow_none=True, required=True)
    status_change_id = ma.fields.Integer(allow_none=True, required=True)


class ReviewPageSchema(ma.Schema):
    reviews = ma.fields.List(ma.fields.Nested(ReviewSchema), required=True)
    next_after_id = ma.fields.Integer(allow_none=True, required=True)
