"""Status decisions on certificates, and integrity records, as the bureau sends and reads them."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.revocation import STATUS_REASONS
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
            "description": "Required to revoke; the six forged_* reasons are fraud and make an "
            "integrity record. A suspension is under_investigation."
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
    certificate_serial = ma.fields.String(required=True)
    conduct = ma.fields.String(required=True)
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
