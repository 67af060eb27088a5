"""Holder sign-in, the holder's own certificate, share links, access-code resets."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.evaluation import EVALUATION_METHODS, METHOD_DESCRIPTION, TRACK_DESCRIPTION
from certs.serials import PATTERN as SERIAL_PATTERN
from certs.serials import is_valid_serial, parse_serial
from registry.certificates.schemas import NamedCodeSchema
from registry.web.schemas import StrictSchema, _valid_id_number, id_number
from webbase.validation import Message


def _symbols(field_en: str, field_zh: str):
    def check(value: str) -> None:
        if not is_valid_serial(value):
            raise ma.ValidationError(
                Message(
                    "invalid_format",
                    f"Not a valid {field_en}: 16 letters and digits (no I, L, O, U); "
                    "a symbol may be mistyped or two swapped.",
                    f"{field_zh}格式不正确：应为 16 位字母和数字（不含 I、L、O、U），"
                    "可能有字符输错或相邻字符颠倒。",
                )
            )

    return check


class SignInSchema(StrictSchema):
    serial = ma.fields.String(
        required=True,
        validate=_symbols("serial number", "证书编号"),
        metadata={
            "description": "证书编号 (any case, spaces or hyphens)",
            "pattern": SERIAL_PATTERN,
        },
    )
    id_number = ma.fields.String(
        required=True,
        validate=_valid_id_number,
        metadata={"description": "持证人居民身份证号码", "example": "11010519491231002X"},
    )
    access_code = ma.fields.String(
        required=True,
        validate=_symbols("access code", "查询码"),
        metadata={
            "description": "查询码, handed over with the certificate",
            "pattern": SERIAL_PATTERN,
        },
    )

    @ma.post_load
    def _normalise(self, data, **_kwargs):
        data["serial"] = parse_serial(data["serial"])
        data["access_code"] = parse_serial(data["access_code"])
        data["id_number"] = id_number(data["id_number"])
        return data


class SignInFailureSchema(ma.Schema):
    at = ma.fields.DateTime(required=True)
    client = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Which client: 1 for the first seen, 2 for the next... "
            "(the address is not kept)"
        },
    )
    this_client = ma.fields.Boolean(
        required=True, metadata={"description": "From the address this request comes from"}
    )


class SignInFailuresSchema(ma.Schema):
    count = ma.fields.Integer(required=True, metadata={"description": "Failures, 30 days"})
    clients = ma.fields.Integer(required=True, metadata={"description": "Distinct clients"})
    refused = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Tries on this certificate turned away (back-off, slowing) "
            "in the latest window"
        },
    )
    failures = ma.fields.List(
        ma.fields.Nested(SignInFailureSchema),
        required=True,
        metadata={"description": "Newest first, at most 200"},
    )


class HolderSessionSchema(ma.Schema):
    token = ma.fields.String(required=True, metadata={"description": "Bearer token, 30 minutes"})
    expires_at = ma.fields.DateTime(required=True)
    serial = ma.fields.String(required=True)
    failed_attempts = ma.fields.Nested(
        SignInFailuresSchema,
        required=True,
        metadata={"description": "Failed sign-ins on this certificate: check they were yours"},
    )


class HolderCertificateSchema(ma.Schema):
    serial = ma.fields.String(required=True)
    serial_display = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    holder_id_number_masked = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
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
    status = ma.fields.String(required=True)
    issued_at = ma.fields.DateTime(required=True)
    verify_page = ma.fields.String(required=True)


class ShareLinkCreateSchema(StrictSchema):
    valid_days = ma.fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(
            min=1,
            max=366,
            error=Message("out_of_range", "Must be 1 to 366 days.", "应为 1 至 366 天。"),
        ),
        metadata={"description": "How long the link works; at most the bureau's limit"},
    )
    label = ma.fields.String(
        load_default=None,
        validate=validate.Length(
            min=1,
            max=100,
            error=Message(
                "invalid_length", "Must be 1 to 100 characters.", "长度应为 1 至 100 个字符。"
            ),
        ),
        metadata={"description": "A note for the holder, e.g. whom the link is for"},
    )


class ShareLinkViewSchema(ma.Schema):
    at = ma.fields.DateTime(required=True)
    client = ma.fields.String(required=True, metadata={"description": "Browser and OS family"})


class ShareLinkSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    label = ma.fields.String(allow_none=True, required=True)
    state = ma.fields.String(required=True, metadata={"description": "active, expired, revoked"})
    created_at = ma.fields.DateTime(required=True)
    expires_at = ma.fields.DateTime(required=True)
    revoked_at = ma.fields.DateTime(allow_none=True, required=True)
    url = ma.fields.String(metadata={"description": "Only in the answer that creates the link"})
    views = ma.fields.List(ma.fields.Nested(ShareLinkViewSchema), required=True)


class AccessCodeSchema(ma.Schema):
    serial = ma.fields.String(required=True)
    access_code = ma.fields.String(
        required=True, metadata={"description": "Shown once: hand it to the holder"}
    )
