"""The shapes of verify's equivalence-list answers (documented in /openapi.json)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

S = ma.fields.String
N = {"allow_none": True, "required": True}


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


class ListAnswerSchema(ma.Schema):
    on = S(**N)
    version = ma.fields.Nested(VersionAnswerSchema, **N)
    query = S(**N)
    rule = ma.fields.Nested(BilingualSchema, required=True)
    notice = ma.fields.Nested(BilingualSchema, **N)
    entries = ma.fields.List(ma.fields.Nested(EntryAnswerSchema), required=True)
