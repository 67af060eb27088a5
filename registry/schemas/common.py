"""Schema building blocks shared by the registry's resources."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from certs.errors import Message


class StrictSchema(ma.Schema):
    """Unknown fields are refused, never silently dropped."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


def text(
    max_length: int,
    *,
    required: bool = True,
    pattern: str | None = None,
    pattern_zh: str = "",
    **kwargs,
) -> ma.fields.String:
    validators = [
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
