"""Request and response schemas of the working-day calendar."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from registry.web.schemas import StrictSchema, text
from webbase.validation import Message

FIRST_YEAR, LAST_YEAR = 2000, 2100


class SourceSchema(StrictSchema):
    title = text(
        200,
        metadata={
            "description": "The notice's title, e.g. 国务院办公厅关于2027年部分节假日安排的通知"
        },
    )
    number = text(
        100,
        required=False,
        allow_none=True,
        metadata={"description": "Its document number (文号), e.g. 国办发明电〔2026〕N号"},
    )
    url = ma.fields.Url(
        schemes={"http", "https"},
        required=False,
        allow_none=True,
        validate=ma.validate.Length(max=500),
        error_messages={
            "invalid": Message("invalid_url", "Not an http(s) URL.", "应为 http(s) 网址。")
        },
        metadata={
            "description": "Where it is published (gov.cn)",
            "format": "uri",
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
        },
    )

    # Either of number and url, or both, given and not null.
    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {
        "anyOf": [
            {"required": [name], "properties": {name: {"type": "string"}}}
            for name in ("number", "url")
        ]
    }

    @ma.validates_schema
    def _number_or_url(self, data, **_kwargs):
        if not data.get("number") and not data.get("url"):
            raise ma.ValidationError(
                Message(
                    "number_or_url_required",
                    "Name the notice's document number or where it is published, or both.",
                    "请填写通知的文号或发布网址（或两者）。",
                ),
                "number",
            )


def _dates(description: str, most: int, fewest: int = 0) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Date(),
        required=True,
        validate=ma.validate.Length(
            max=most,
            error=Message("too_many_dates", f"At most {most} dates.", f"最多 {most} 个日期。"),
        ),
        metadata={"description": description, "minItems": fewest},
    )


class _Arrangement(StrictSchema):
    holidays = _dates("Every day off (放假), weekend days of a holiday included", 60, 1)
    workdays = _dates("Every Saturday or Sunday worked (调休上班); [] when none", 30)
    source = ma.fields.Nested(SourceSchema, required=True)

    @ma.validates("holidays")
    def _some_holiday(self, value, **_kwargs):
        if not value:
            raise ma.ValidationError(
                Message(
                    "no_holidays",
                    "A year's arrangement has public holidays; none are listed.",
                    "全年安排应列出放假日期，此处为空。",
                )
            )


class YearCreateSchema(_Arrangement):
    year = ma.fields.Integer(
        required=True,
        strict=True,
        validate=ma.validate.Range(
            min=FIRST_YEAR,
            max=LAST_YEAR,
            error=Message(
                "year_out_of_range",
                f"A year from {FIRST_YEAR} to {LAST_YEAR}.",
                f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间。",
            ),
        ),
    )


class YearCorrectSchema(_Arrangement):
    reason = text(500, metadata={"description": "Why, for the audit trail"})


class SourceOutSchema(ma.Schema):
    title = ma.fields.String(required=True)
    number = ma.fields.String(allow_none=True, required=True)
    url = ma.fields.String(allow_none=True, required=True)


class YearSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    source = ma.fields.Nested(SourceOutSchema, required=True)
    holidays = ma.fields.List(ma.fields.Date(), required=True)
    workdays = ma.fields.List(ma.fields.Date(), required=True)
    added_at = ma.fields.DateTime(required=True)
    corrected_at = ma.fields.DateTime(allow_none=True, required=True)


class WarningSchema(ma.Schema):
    code = ma.fields.String(
        required=True, metadata={"enum": ["calendar_ending", "calendar_ended", "calendar_empty"]}
    )
    message = ma.fields.String(required=True)
    message_zh = ma.fields.String(required=True)


class CoversSchema(ma.Schema):
    start = ma.fields.Date(allow_none=True, required=True, data_key="from")
    end = ma.fields.Date(allow_none=True, required=True, data_key="to")


class CalendarSchema(ma.Schema):
    covers = ma.fields.Nested(CoversSchema, required=True)
    warning = ma.fields.Nested(
        WarningSchema,
        allow_none=True,
        required=True,
        metadata={"description": "From 30 days before the calendar's last day on"},
    )
    years = ma.fields.List(ma.fields.Nested(YearSchema), required=True)
