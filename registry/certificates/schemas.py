"""Request and response schemas for certificates."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.evaluation import EVALUATION_METHODS, METHOD_DESCRIPTION, TRACK_DESCRIPTION
from certs.levels import EVALUATION_TRACKS, ISSUABLE_CODES, ROUTES
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES
from certs.serials import PATTERN as SERIAL_PATTERN
from registry.committees.schemas import ALL_LEVELS
from registry.web.schemas import (
    StrictSchema,
    _valid_id_number,
    id_number,
    one_of,
    person_name,
    text,
)
from webbase.validation import Message


class CertificateIssueSchema(StrictSchema):
    """What a certificate says about its title: a batch row's fields, a recognition's, and
    (every field optional) a re-issue's corrections."""

    holder_name = person_name(
        metadata={
            "description": "持证人姓名 (kept in Unicode NFC; no invisible, control or direction "
            "characters; at least one letter; a middle dot · as in 阿卜杜拉·买买提)"
        }
    )
    holder_id_number = ma.fields.String(
        required=True,
        validate=_valid_id_number,
        metadata={
            "description": "居民身份证号码 (18 digits, or the legacy 15)",
            "example": "11010519491231002X",
        },
    )
    level = ma.fields.String(required=True, validate=one_of(ISSUABLE_CODES, "职称层级", "level"))
    specialty_code = text(16)
    committee_code = text(32)
    decision_number = text(100, metadata={"description": "评审通过/核准文号"})
    decision_date = ma.fields.Date(required=True)
    evaluation_track = ma.fields.String(
        required=True,
        validate=one_of(tuple(EVALUATION_TRACKS), "人才类型", "evaluation track"),
        metadata={"description": TRACK_DESCRIPTION},
    )

    route = ma.fields.String(
        load_default="regular",
        validate=one_of(tuple(ROUTES), "申报途径", "route"),
        metadata={
            "description": "申报途径: regular, exceptional (破格, 高级 titles only), direct_track "
            "(直通车, 正高级工程师 only), qualification_equivalence (认定). technical_school is "
            "kept for titles recorded with it; new ones give technical_school_class instead"
        },
    )
    route_ground = ma.fields.String(
        load_default=None,
        validate=one_of(tuple(GROUNDS), "破格/直通车条件", "route ground"),
        metadata={
            "description": "The policy's ground for exceptional and direct_track (required "
            "for them): " + ", ".join(f"{g.code} ({g.clause})" for g in GROUNDS.values())
        },
    )
    route_basis = ma.fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=200),
        metadata={
            "description": "The particulars the route rests on: the award, project, standard "
            "or qualification certificate (required for exceptional, direct_track and "
            "qualification_equivalence)"
        },
    )
    technical_school_class = ma.fields.String(
        load_default=None,
        validate=one_of(tuple(TECHNICAL_SCHOOL_CLASSES), "技工院校班次", "technical school class"),
        metadata={
            "description": "For a 技工院校 graduate, the class (三(三)2): intermediate_worker "
            "(中级工班, as 中专), advanced_worker (高级工班, as 大专), preparatory_technician "
            "(预备技师（技师）班, as 本科)"
        },
    )

    @ma.validates_schema
    def _route_basis(self, data, **_kwargs):
        if self.partial:  # corrections: checked on the facts they make (certificates.reissue)
            return
        message = basis_missing(data.get("route", "regular"), data.get("route_basis"))
        if message is not None:
            raise ma.ValidationError(message, "route_basis")

    @ma.post_load
    def _normalise(self, data, **_kwargs):
        if "holder_id_number" in data:
            data["holder_id_number"] = id_number(data["holder_id_number"])
        return data


def basis_missing(route_code: str, basis: str | None) -> Message | None:
    """A route that rests on particulars (破格, 直通车, 认定) without them."""
    route = ROUTES.get(route_code)
    if route and route.needs_basis and not (basis or "").strip():
        return Message(
            "basis_required",
            f"The route {route.code} must give the particulars it rests on (the "
            "award, project, standard or certificate).",
            f"“{route.name_zh}”须注明所依据的具体情况（奖项、项目、标准或证书）。",
        )
    return None


# The facts a re-issue may correct: all but the committee, whose decision it stays.
CORRECTABLE = (
    "holder_name",
    "holder_id_number",
    "level",
    "specialty_code",
    "decision_number",
    "decision_date",
    "evaluation_track",
    "route",
    "route_ground",
    "route_basis",
    "technical_school_class",
)


class CertificateReissueSchema(StrictSchema):
    """A certificate issued wrong, replaced by a corrected one (更正): the bureau's only
    path to a certificate outside a results batch."""

    replaces = text(
        32,
        metadata={
            "description": "The serial of the certificate issued in error; it is revoked "
            "(issued_in_error) in the same transaction",
            "example": "2026-0000-0000-0001",
            "pattern": SERIAL_PATTERN,
        },
    )
    correction_number = text(
        100, metadata={"description": "The bureau's correction decision (更正决定文号)"}
    )
    reason = text(
        500,
        metadata={
            "description": "What was wrong (kept in the registry and its audit trail, never "
            "published)"
        },
    )
    corrections = ma.fields.Nested(
        CertificateIssueSchema(partial=True, only=CORRECTABLE),
        required=True,
        metadata={
            "description": "The corrected facts, at least one; every other fact is the "
            "replaced certificate's (the committee always is)"
        },
    )


class NamedCodeSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)


class GroundSchema(ma.Schema):
    code = ma.fields.String(required=True)
    route = ma.fields.String(required=True)
    clause = ma.fields.String(required=True, metadata={"example": "附件四(四)1"})
    wording_zh = ma.fields.String(required=True, metadata={"description": "The policy's words"})
    wording_en = ma.fields.String(required=True)
    committee_judgement = ma.fields.Boolean(
        required=True,
        metadata={"description": "The ground is the committee's judgement, not a document"},
    )


class TechnicalSchoolClassSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    counts_as_zh = ma.fields.String(required=True)
    counts_as_en = ma.fields.String(required=True)


class CertificateLinksSchema(ma.Schema):
    credential = ma.fields.String(required=True)
    qr_png = ma.fields.String(required=True)
    qr_svg = ma.fields.String(required=True)
    pdf = ma.fields.String(required=True, metadata={"description": "The signed e-certificate"})
    verify_page = ma.fields.String(required=True)


class CertificateSchema(ma.Schema):
    serial = ma.fields.String(required=True)
    serial_display = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    holder_id_number_masked = ma.fields.String(required=True)
    level = ma.fields.String(required=True, validate=validate.OneOf(ALL_LEVELS))
    title_zh = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)
    specialty = ma.fields.Nested(NamedCodeSchema, required=True)
    committee = ma.fields.Nested(NamedCodeSchema, required=True)
    decision_number = ma.fields.String(required=True)
    decision_date = ma.fields.Date(required=True)
    evaluation_track = ma.fields.String(required=True, metadata={"description": TRACK_DESCRIPTION})
    evaluation_method = ma.fields.String(
        required=True,
        metadata={"description": METHOD_DESCRIPTION, "enum": list(EVALUATION_METHODS)},
    )
    route = ma.fields.String(required=True)
    route_ground = ma.fields.Nested(GroundSchema, allow_none=True, required=True)
    route_basis = ma.fields.String(allow_none=True, required=True)
    technical_school_class = ma.fields.Nested(
        TechnicalSchoolClassSchema, allow_none=True, required=True
    )
    status = ma.fields.String(required=True)
    issued_at = ma.fields.DateTime(required=True)
    kid = ma.fields.String(required=True)
    replaces = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "The certificate this one corrects (revoked, issued_in_error)"},
    )
    qr_text = ma.fields.String(required=True)
    links = ma.fields.Nested(CertificateLinksSchema, required=True)
    access_code = ma.fields.String(
        metadata={"description": "查询码: only in the issuance answer; hand it to the holder"}
    )
