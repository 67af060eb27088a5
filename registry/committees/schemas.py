"""Schemas for committees, specialties and the bureau's controls over them."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma
from marshmallow import validate

from certs import rectification
from certs.governance import ACTIONS, STATUS_NAMES
from certs.levels import ISSUABLE_CODES, LEVELS
from registry.web.schemas import StrictSchema, one_of, text
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


REASON: dict[str, Any] = {
    "metadata": {"description": "Why (kept in the registry and its audit trail)"}
}


def _period_in_order(data: dict, start: str, end: str) -> None:
    if data.get(start) and data.get(end) and data[end] < data[start]:
        raise ma.ValidationError(
            Message("invalid_period", f"{end} is before {start}.", "有效期结束早于开始。"), end
        )


class CommitteeStatusChangeCreateSchema(StrictSchema):
    action = ma.fields.String(
        required=True,
        validate=one_of(tuple(ACTIONS), "决定类型", "action"),
        metadata={"description": "suspend (暂停评审工作), reinstate, withdraw (收回评审权)"},
    )
    reason = text(2000, **REASON)
    decision_number = text(100, metadata={"description": "决定文号"})
    effective_date = ma.fields.Date(
        required=True, metadata={"description": "In the past, today or in the future"}
    )


class CommitteeStatusChangeSchema(ma.Schema):
    action = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"description": "Status from that date"})
    effective_date = ma.fields.Date(required=True)
    decision_number = ma.fields.String(required=True)
    reason = ma.fields.String(required=True)
    recorded_at = ma.fields.DateTime(required=True)
    recorded_by = ma.fields.String(required=True)


class AuthorityChangeSchema(StrictSchema):
    levels = ma.fields.List(
        ma.fields.String(validate=one_of(ISSUABLE_CODES, "职称层级", "level")),
        validate=validate.Length(min=1),
    )
    specialties = ma.fields.List(text(16), validate=validate.Length(min=1))
    valid_from = ma.fields.Date()
    valid_to = ma.fields.Date(allow_none=True)
    reason = text(2000, **REASON)

    # The reason and at least one change.
    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {"minProperties": 2}

    @ma.validates_schema
    def _something_changes(self, data, **_kwargs):
        if not set(data) - {"reason"}:
            raise ma.ValidationError(
                Message(
                    "nothing_to_change",
                    "Give at least one of levels, specialties, valid_from, valid_to.",
                    "请至少提供 levels、specialties、valid_from、valid_to 之一。",
                ),
                "_schema",
            )
        _period_in_order(data, "valid_from", "valid_to")


DECISION_NUMBER: dict[str, Any] = {"metadata": {"description": "决定文号"}}
GROUNDS_LISTED = "; ".join(f"{code} ({zh})" for code, (zh, _en) in rectification.GROUNDS.items())


class RectificationOrderCreateSchema(StrictSchema):
    decision_number = text(100, **DECISION_NUMBER)
    decision_date = ma.fields.Date(
        required=True, metadata={"description": "The date of the order: today or earlier"}
    )
    deadline = ma.fields.Date(
        required=True,
        metadata={"description": "The last day to rectify (整改期限), after the decision date"},
    )
    grounds = ma.fields.List(
        ma.fields.String(validate=one_of(tuple(rectification.GROUNDS), "整改事由", "ground")),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": f"The causes 三(四)4 names, one or both: {GROUNDS_LISTED}"},
    )
    reason = text(2000, **REASON)


class RectificationAcceptanceSchema(StrictSchema):
    decision_number = text(100, **DECISION_NUMBER)
    decision_date = ma.fields.Date(
        required=True,
        metadata={
            "description": "The date the bureau found the rectification done: not after "
            "today, not before the order"
        },
    )
    reason = text(2000, **REASON)


class RectificationEscalationSchema(StrictSchema):
    decision_number = text(100, **DECISION_NUMBER)
    effective_date = ma.fields.Date(
        required=True,
        metadata={
            "description": "First day of the suspension: not before the order; past, "
            "today or future"
        },
    )
    reason = text(2000, **REASON)


class RectificationOrderSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    decision_number = ma.fields.String(required=True)
    decision_date = ma.fields.Date(required=True)
    deadline = ma.fields.Date(required=True, metadata={"description": "The last day to rectify"})
    grounds = ma.fields.List(ma.fields.String(), required=True)
    reason = ma.fields.String(required=True)
    recorded_at = ma.fields.DateTime(required=True)
    recorded_by = ma.fields.String(required=True)
    standing = ma.fields.String(
        required=True,
        validate=validate.OneOf(tuple(rectification.STANDING_NAMES)),
        metadata={
            "description": "Today: open, overdue (deadline passed, not ended), or how it "
            "ended: rectified, escalated (to a suspension), withdrawn (authority withdrawn)"
        },
    )
    outcome = ma.fields.String(allow_none=True, required=True)
    closed_on = ma.fields.Date(
        allow_none=True,
        required=True,
        metadata={
            "description": "The date of the decision that ended it (a suspension's or "
            "withdrawal's effective date)"
        },
    )
    closing_decision_number = ma.fields.String(allow_none=True, required=True)
    closing_reason = ma.fields.String(allow_none=True, required=True)


class CommitteeRecordSchema(CommitteeSchema):
    status = ma.fields.String(
        required=True,
        validate=validate.OneOf(tuple(STATUS_NAMES)),
        metadata={"description": "The status in force today, from the status history"},
    )
    status_since = ma.fields.Date(allow_none=True, required=True)
    status_decision_number = ma.fields.String(allow_none=True, required=True)
    open_rectification_order = ma.fields.Nested(
        RectificationOrderSchema,
        allow_none=True,
        required=True,
        metadata={
            "description": "An order to rectify not yet ended (the committee keeps "
            "working meanwhile), or null"
        },
    )


class SpecialtyRenameSchema(StrictSchema):
    name_zh = text(100)
    name_en = text(200)
    valid_from = ma.fields.Date(
        load_default=None,
        metadata={"description": "First day of the new name: today (default) or earlier"},
    )
    reason = text(2000, **REASON)


class SpecialtyRetireSchema(StrictSchema):
    retired_from = ma.fields.Date(
        required=True, metadata={"description": "First day the specialty is closed"}
    )
    reason = text(2000, **REASON)


class SpecialtyNameSchema(ma.Schema):
    name_zh = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    valid_from = ma.fields.Date(required=True)
    valid_to = ma.fields.Date(allow_none=True, required=True)


class SpecialtyRecordSchema(SpecialtySchema):
    names = ma.fields.List(
        ma.fields.Nested(SpecialtyNameSchema),
        required=True,
        metadata={"description": "Every name it held, oldest first"},
    )
