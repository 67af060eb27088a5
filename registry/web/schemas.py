"""Schema building blocks shared by the registry's resources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from marshmallow import validate

from certs.dates import beijing_date
from certs.errors import IdNumberError
from certs.idcard import normalise_id_number
from certs.names import has_letter, invisible_characters, normalise_name
from webbase.validation import Message, text_fault


class StrictSchema(ma.Schema):
    """Unknown fields are refused, never silently dropped; no text, nor any field's name, may
    carry a control character or a lone surrogate (``webbase.validation.text_fault``)."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    # The document says so: webbase.api gives each free text a pattern without them.
    REFUSES_CONTROL_CHARACTERS = True

    # Fields whose text another schema checks, naming it better (a batch's rows, by row).
    TEXT_CHECKED_BY_ANOTHER_SCHEMA: tuple[str, ...] = ()

    @ma.pre_load(pass_collection=True)
    def _refuse_unstorable_text(self, data, **_kwargs):
        checked = data
        if isinstance(data, dict) and self.TEXT_CHECKED_BY_ANOTHER_SCHEMA:
            elsewhere = self.TEXT_CHECKED_BY_ANOTHER_SCHEMA
            checked = {k: v for k, v in data.items() if k not in elsewhere}
        bad = {name: [fault] for name, value in strings(checked) if (fault := text_fault(value))}
        if bad:
            raise ma.ValidationError(bad)
        return data


def strings(data, prefix: str = ""):
    """(dotted field name, string) for every string in a loaded body or query, field names
    included (a name is checked as the name of its own field)."""
    if isinstance(data, str):
        yield prefix or "_schema", data
    elif isinstance(data, dict) or hasattr(data, "items"):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, str):
                yield name, key
            yield from strings(value, name)
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from strings(value, f"{prefix}.{index}" if prefix else str(index))


def text(
    max_length: int,
    *,
    required: bool = True,
    pattern: str | None = None,
    pattern_zh: str = "",
    **kwargs: Any,
) -> ma.fields.String:
    validators: list[validate.Validator] = [_length(max_length)]
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


def _length(max_length: int) -> validate.Length:
    return validate.Length(
        min=1,
        max=max_length,
        error=Message(
            "invalid_length",
            f"Must be 1 to {max_length} characters.",
            f"长度应为 1 至 {max_length} 个字符。",
        ),
    )


class PersonName(ma.fields.String):
    """A person's name, kept in NFC without surrounding spaces (``certs.names``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return normalise_name(super()._deserialize(value, attr, data, **kwargs))


def person_name(max_length: int = 30, **kwargs: Any) -> PersonName:
    """A name field: its length counted once normalised; no invisible or control character;
    at least one letter."""
    return PersonName(required=True, validate=[_length(max_length), _valid_name], **kwargs)


def _valid_name(value: str) -> None:
    errors = []
    invisible = invisible_characters(value)
    if invisible:
        listed = ", ".join(invisible[:5])
        errors.append(
            Message(
                "invalid_characters",
                f"Contains invisible, control or direction characters ({listed}): a name is "
                "written with visible characters only.",
                f"含有不可见字符、控制字符或文字方向控制符（{listed}）：姓名只能由可见字符组成。",
            )
        )
    if value and not has_letter(value):  # an empty name is refused for its length alone
        errors.append(
            Message(
                "no_letter",
                "A name needs at least one letter (a Chinese character or a letter).",
                "姓名须至少包含一个汉字或字母。",
            )
        )
    if errors:
        raise ma.ValidationError(errors)


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
