"""Schema building blocks shared by the registry's resources."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import marshmallow as ma
from marshmallow import validate

from certs.dates import beijing_date
from certs.errors import IdNumberError
from certs.idcard import normalise_id_number
from webbase.validation import Message

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class StrictSchema(ma.Schema):
    """Unknown fields are refused, never silently dropped; no text may carry control
    characters (a NUL cannot even be stored in PostgreSQL)."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load(pass_collection=True)
    def _refuse_control_characters(self, data, **_kwargs):
        bad = {name: _CONTROL_MESSAGE for name, value in _strings(data) if _CONTROL.search(value)}
        if bad:
            raise ma.ValidationError(bad)
        return data


_CONTROL_MESSAGE = [Message("control_character", "Contains a control character.", "含有控制字符。")]


def _strings(data, prefix: str = ""):
    """(dotted field name, string) for every string in a loaded body or query."""
    if isinstance(data, str):
        yield prefix or "_schema", data
    elif isinstance(data, dict) or hasattr(data, "items"):
        for key, value in data.items():
            yield from _strings(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from _strings(value, f"{prefix}.{index}" if prefix else str(index))


def text(
    max_length: int,
    *,
    required: bool = True,
    pattern: str | None = None,
    pattern_zh: str = "",
    **kwargs: Any,
) -> ma.fields.String:
    validators: list[validate.Validator] = [
        validate.Length(
            min=1,
            max=max_length,
            error=Message(
                "invalid_length",
                f"Must be 1 to {max_length} characters.",
                f"长度应为 1 至 {max_length} 个字符。",
            ),
        )
    ]
    if pattern:
        validators.append(
            validate.Regexp(
                pattern,
                error=Message(
                    "invalid_format",
                    f"Must match {pattern}.",
                    pattern_zh or f"格式应符合 {pattern}。",
                ),
            )
        )
    return ma.fields.String(required=required, validate=validators, **kwargs)


def one_of(choices, zh_name: str, en_name: str) -> validate.OneOf:
    listed = ", ".join(choices)
    return validate.OneOf(
        choices,
        error=Message(
            f"unknown_{en_name.replace(' ', '_')}",
            f"Unknown {en_name}; one of: {listed}.",
            f"未知的{zh_name}，可选值：{listed}。",
        ),
    )


def id_number(text: str) -> str:
    """An ID-card number as typed, canonical; a date of birth after today (Beijing) is
    refused. Schemas read the real clock here: the core is handed the day."""
    return normalise_id_number(text, beijing_date(dt.datetime.now(dt.UTC)))


def _valid_id_number(value: str) -> None:
    try:
        id_number(value)
    except IdNumberError as exc:
        raise ma.ValidationError(Message("invalid_id_number", exc.detail, exc.detail_zh)) from None
