"""Request and response schemas for committees, specialties and certificates."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.errors import IdNumberError
from certs.levels import EVALUATION_TRACKS, ISSUABLE_CODES, LEVELS, ROUTES
from registry.schemas.common import StrictSchema, id_number, one_of, text
from webbase.validation import Message

CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"
CODE_ZH = "只能包含大写字母、数字和连字符，以字母或数字开头。"
ALL_LEVELS = tuple(level.code for level in LEVELS)


class CommitteeCreateSchema(StrictSchema):
    code = text(32, pattern=CODE_PATTERN, pattern_zh=CODE_ZH)
    name_zh = text(200)
    name_en = text(300)
    organisation = text(200, metadata={"description": "职称评审服务机构"})
    filing_number = text(100, metadata={"description": "核准备案号"})
    levels = ma.fields.List(
        ma.fields.String(validate=one_of(ISSUABLE_CODES, "职称层级", "level")),
        required=True,
        validate=validate.Length(min=1),
    )
    specialties = ma.fields.List(text(16), required=True, validate=validate.Length(min=1))
    valid_from = ma.fields.Date(required=True)
    valid_to = ma.fields.Date(load_default=None, allow_none=True)

    @ma.validates_schema
    def _dates_in_order(self, data, **_kwargs):
        if data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            raise ma.ValidationError(
                Message("invalid_period", "valid_to is before valid_from.", "有效期结束早于开始。"),
                "valid_to",
            )


class CommitteeSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    organisation = ma.fields.String(required=True)
    filing_number = ma.fields.String(required=True)
    levels = ma.fields.List(ma.fields.String(), required=True)
    specialties = ma.fields.List(ma.fields.String(), required=True)
    valid_from = ma.fields.Date(required=True)
    valid_to = ma.fields.Date(allow_none=True, required=True)
    status = ma.fields.String(required=True)


class SpecialtyCreateSchema(StrictSchema):
    code = text(16, pattern=CODE_PATTERN, pattern_zh=CODE_ZH)
    name_zh = text(100)
    name_en = text(200)
    field = text(100, metadata={"description": "领域 / field, e.g. 电子信息"})
    valid_from = ma.fields.Date(required=True)
    valid_to = ma.fields.Date(load_default=None, allow_none=True)


class SpecialtySchema(ma.Schema):
    code = ma.fields.String(required=True)
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    field = ma.fields.String(required=True)
    valid_from = ma.fields.Date(required=True)
    valid_to = ma.fields.Date(allow_none=True, required=True)


def _valid_id_number(value: str) -> None:
    try:
        id_number(value)
    except IdNumberError as exc:
        raise ma.ValidationError(Message("invalid_id_number", exc.detail, exc.detail_zh)) from None


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
        required=True, validate=one_of(tuple(EVALUATION_TRACKS), "评价方式", "evaluation track")
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
    evaluation_track = ma.fields.String(required=True)
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


class SerialPathSchema(ma.Schema):
    serial = ma.fields.String(required=True, metadata={"example": "7KQ4-M2XD-9P3R-TG8W"})
