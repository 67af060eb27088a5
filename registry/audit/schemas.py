"""The audit trail as the bureau reads it."""

from __future__ import annotations

import json

import marshmallow as ma
from marshmallow import validate

from registry.web.schemas import StrictSchema


class AuditQuerySchema(StrictSchema):
    action = ma.fields.String(validate=validate.Length(max=60))
    object_type = ma.fields.String(validate=validate.Length(max=40))
    object_id = ma.fields.String(validate=validate.Length(max=100))
    actor = ma.fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Prefix of the actor, e.g. `bureau:3` or `operator:`"},
    )
    since = ma.fields.AwareDateTime(metadata={"description": "At or after this time"})
    until = ma.fields.AwareDateTime(metadata={"description": "Before this time"})
    after_seq = ma.fields.Integer(
        load_default=0,
        # seq is a 32-bit INTEGER column; PostgreSQL refuses larger numbers with an error.
        validate=validate.Range(min=0, max=2**31 - 1),
        metadata={"description": "Continue after this record number (the last one you got)"},
    )
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class AuditRecordSchema(ma.Schema):
    seq = ma.fields.Integer(required=True)
    at = ma.fields.AwareDateTime(required=True)
    actor = ma.fields.String(required=True)
    action = ma.fields.String(required=True)
    object_type = ma.fields.String(required=True)
    object_id = ma.fields.String(required=True)
    reason = ma.fields.String(allow_none=True, required=True)
    detail = ma.fields.Function(lambda row: json.loads(row.detail), required=True)
    prev_hash = ma.fields.String(required=True)
    hash = ma.fields.String(required=True)


class AuditPageSchema(ma.Schema):
    records = ma.fields.List(ma.fields.Nested(AuditRecordSchema), required=True)
    next_after_seq = ma.fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Pass as after_seq for the next page; null at the end"},
    )
