"""Request and response schemas for the equivalence list and recognition (认定)."""

from __future__ import annotations

import marshmallow as ma

from certs.equivalence import GRADES
from certs.evaluation import TRACK_DESCRIPTION
from certs.levels import EVALUATION_TRACKS, ISSUABLE_CODES
from registry.certificates.schemas import CertificateSchema
from registry.committees.schemas import CODE_PATTERN, CODE_ZH
from registry.web.schemas import (
    StrictSchema,
    _valid_id_number,
    id_number,
    one_of,
    person_name,
    text,
)

GRADE_CODES = tuple(GRADES)


GRADE_DESCRIPTION = (
    "junior (初级), second_class (二级), intermediate (中级), first_class (一级), senior (高级), "
    "ungraded (不分级)"
)


def _grade(**kwargs) -> ma.fields.String:
    return ma.fields.String(
        validate=one_of(GRADE_CODES, "资格等级", "grade"),
        metadata={"description": GRADE_DESCRIPTION},
        **kwargs,
    )


def _level() -> ma.fields.String:
    return ma.fields.String(
        allow_none=True,
        validate=one_of(ISSUABLE_CODES, "职称层级", "level"),
        metadata={
            "description": "Leave out for the level the rule gives (the policy's tier, the "
            "bureau's title within it); another level is an exception and needs a basis"
        },
    )


class _Change(StrictSchema):
    effective_from = ma.fields.Date(
        metadata={"description": "When the new version takes effect; today when left out"}
    )
    reason = text(500, required=False, metadata={"description": "Why, for the audit trail"})


class EntryCreateSchema(_Change):
    code = text(32, pattern=CODE_PATTERN, pattern_zh=CODE_ZH)
    name_zh = text(100)
    name_en = text(200)
    awarding_body = text(200, metadata={"description": "发证机构"})
    grade = _grade(required=True)
    level = _level()
    basis = text(200, required=False, allow_none=True, metadata={"description": "依据文件及文号"})
    note = text(500, required=False, allow_none=True)
    provisional = ma.fields.Boolean(load_default=False)


class EntryChangeSchema(_Change):
    name_zh = text(100, required=False)
    name_en = text(200, required=False)
    awarding_body = text(200, required=False)
    grade = _grade()
    level = _level()
    basis = text(200, required=False, allow_none=True)
    note = text(500, required=False, allow_none=True)
    provisional = ma.fields.Boolean(
        metadata={"description": "false confirms a starter entry after review"}
    )


class EntryRetireSchema(_Change):
    reason = text(500, metadata={"description": "Why the entry no longer holds"})


class ListQuerySchema(StrictSchema):
    on = ma.fields.Date(metadata={"description": "The list in force on this date; today if absent"})
    version = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "A version number instead"},
    )


class EntrySchema(ma.Schema):
    code = ma.fields.String(required=True)
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    awarding_body = ma.fields.String(required=True)
    grade = ma.fields.String(required=True)
    grade_zh = ma.fields.Function(lambda e: GRADES[e.grade].name_zh, required=True)
    level = ma.fields.String(required=True)
    source = ma.fields.String(required=True, metadata={"enum": ["rule", "exception"]})
    basis = ma.fields.String(allow_none=True, required=True)
    provisional = ma.fields.Boolean(required=True)
    note = ma.fields.String(allow_none=True, required=True)
    holds_since = ma.fields.Date(required=True)
    effective_from = ma.fields.Date(required=True)
    effective_to = ma.fields.Date(allow_none=True, required=True)
    version_from = ma.fields.Integer(required=True)


class VersionSchema(ma.Schema):
    number = ma.fields.Integer(required=True)
    effective_from = ma.fields.Date(required=True)
    action = ma.fields.String(required=True)
    summary = ma.fields.String(required=True)
    reason = ma.fields.String(allow_none=True, required=True)
    actor = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class ListSchema(ma.Schema):
    on = ma.fields.Date(allow_none=True, required=True)
    version = ma.fields.Nested(VersionSchema, allow_none=True, required=True)
    entries = ma.fields.List(ma.fields.Nested(EntrySchema), required=True)


class RecognitionCreateSchema(StrictSchema):
    holder_name = person_name(metadata={"description": "持证人姓名 (as for a batch row)"})
    holder_id_number = ma.fields.String(required=True, validate=_valid_id_number)
    equivalence_code = text(32, metadata={"description": "The entry of the list, e.g. JZS-1"})
    qualification_grade = _grade(required=True)
    qualification_number = text(40, metadata={"description": "职业资格证书编号"})
    qualification_date = ma.fields.Date(
        required=True, metadata={"description": "When the qualification was awarded"}
    )
    specialty_code = text(16)
    committee_code = text(
        32,
        required=False,
        metadata={
            "description": "The committee whose authority covers the level and specialty (required)"
        },
    )
    decision_number = text(100, metadata={"description": "认定文号"})
    decision_date = ma.fields.Date(required=True)
    evaluation_track = ma.fields.String(
        load_default="application_practice",
        validate=one_of(tuple(EVALUATION_TRACKS), "人才类型", "evaluation track"),
        metadata={"description": TRACK_DESCRIPTION},
    )

    @ma.post_load
    def _normalise(self, data, **_kwargs):
        data["holder_id_number"] = id_number(data["holder_id_number"])
        data["qualification_number"] = data["qualification_number"].strip()
        return data


class QualificationSchema(ma.Schema):
    equivalence_code = ma.fields.String(required=True)
    equivalence_version = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    grade = ma.fields.String(required=True)
    number = ma.fields.String(required=True)
    date = ma.fields.Date(required=True)


class RecognitionSchema(ma.Schema):
    qualification = ma.fields.Nested(QualificationSchema, required=True)
    certificate = ma.fields.Nested(CertificateSchema, required=True)
