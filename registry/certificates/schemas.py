"""Request and response schemas for certificates."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.evaluation import EVALUATION_METHODS, METHOD_DESCRIPTION, TRACK_DESCRIPTION
from certs.levels import EVALUATION_TRACKS, ISSUABLE_CODES, ROUTES
from registry.committees.schemas import ALL_LEVELS
from registry.web.schemas import StrictSchema, _valid_id_number, id_number, one_of, text
from webbase.validation import Message


class CertificateIssueSchema(StrictSchema):
    holder_name = text(30, metadata={"description": "持证人姓名"})
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
            "description": "申报途径: regular, exceptional (破格), direct_track (直通车), "
            "technical_school, qualification_equivalence"
        },
    )
    route_basis = ma.fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=200),
        metadata={
            "description": "The clause, document or certificate the route rests on "
            "(required for exceptional and qualification_equivalence)"
        },
    )

    @ma.validates_schema
    def _route_basis(self, data, **_kwargs):
        route = ROUTES.get(data.get("route", "regular"))
        if route and route.needs_basis and not (data.get("route_basis") or "").strip():
            raise ma.ValidationError(
                Message(
                    "basis_required",
                    f"The route {route.code} must name the clause or document it rests on.",
                    f"“{route.name_zh}”须注明所依据的条款或文件。",
                ),
                "route_basis",
            )

    @ma.post_load
    def _normalise(self, data, **_kwargs):
        data["holder_id_number"] = id_number(data["holder_id_number"])
        data["holder_name"] = data["holder_name"].strip()
        return data


class NamedCodeSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)


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
    route_basis = ma.fields.String(allow_none=True, required=True)
    status = ma.fields.String(required=True)
    issued_at = ma.fields.DateTime(required=True)
    kid = ma.fields.String(required=True)
    qr_text = ma.fields.String(required=True)
    links = ma.fields.Nested(CertificateLinksSchema, required=True)
    access_code = ma.fields.String(
        metadata={"description": "查询码: only in the issuance answer; hand it to the holder"}
    )
