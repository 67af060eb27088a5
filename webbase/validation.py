"""Validation messages in two languages: marshmallow's and webargs's own English messages
given a stable code and the Chinese, and nested error dicts flattened into field errors."""

from __future__ import annotations

import re

from certs.errors import FieldError


class Message(str):
    """A validation message that knows its Chinese and its code.

    A ``str`` so that marshmallow stores it like its own messages.
    """

    code: str
    zh: str

    def __new__(cls, code: str, en: str, zh: str) -> Message:
        message = super().__new__(cls, en)
        message.code = code
        message.zh = zh
        return message


# No text in a request may hold a control character (tab and line breaks aside; a NUL cannot
# even be stored in PostgreSQL) or a lone UTF-16 surrogate (JSON can escape one, "\ud800",
# but it is no character: neither database stores it, no answer can be encoded with it).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
CONTROL_MESSAGE = Message("control_character", "Contains a control character.", "含有控制字符。")
SURROGATE_MESSAGE = Message(
    "invalid_unicode",
    "Contains a lone UTF-16 surrogate (such as \\ud800), which is not a character.",
    "含有单独的 UTF-16 代理码元（如 \\ud800），不是有效字符。",
)


def text_fault(text: str) -> Message | None:
    """Why a piece of request text cannot be taken, or None."""
    if CONTROL_CHARACTER.search(text):
        return CONTROL_MESSAGE
    if LONE_SURROGATE.search(text):
        return SURROGATE_MESSAGE
    return None


# marshmallow's and webargs's own English messages, with a code and the Chinese.
_STANDARD_MESSAGES: tuple[tuple[str, str, str], ...] = (
    ("Missing data for required field.", "required", "缺少必填字段。"),
    ("Unknown field.", "unknown_field", "不接受此字段。"),
    ("Field may not be null.", "null", "此字段不能为空值。"),
    ("Not a valid string.", "invalid_type", "应为字符串。"),
    ("Not a valid integer.", "invalid_type", "应为整数。"),
    ("Not a valid boolean.", "invalid_type", "应为布尔值。"),
    ("Not a valid list.", "invalid_type", "应为列表。"),
    ("Not a valid date.", "invalid_date", "应为 YYYY-MM-DD 格式的日期。"),
    ("Not a valid datetime.", "invalid_datetime", "应为 ISO 8601 日期时间。"),
    ("Invalid input type.", "invalid_type", "请求体应为 JSON 对象。"),
    ("Invalid JSON body.", "invalid_json", "请求体不是有效的 JSON。"),
    ("String does not match expected pattern.", "invalid_format", "格式不正确。"),
)
_BY_ENGLISH = {en: (code, zh) for en, code, zh in _STANDARD_MESSAGES}


def _bilingual(message: str) -> tuple[str, str]:
    if isinstance(message, Message):
        return message.code, message.zh
    if message in _BY_ENGLISH:
        return _BY_ENGLISH[message]
    if message.startswith("Must be one of:"):
        return "not_allowed", "取值不在允许范围内：" + message.split(":", 1)[1].strip()
    if message.startswith(("Shorter than", "Longer than", "Length must be")):
        return "invalid_length", "长度不符合要求（" + message + "）"
    return "invalid", "字段不符合要求：" + message


def field_errors(messages: object, path: str = "") -> list[FieldError]:
    """marshmallow's nested error dict as a flat list of bilingual field errors."""
    if isinstance(messages, dict):
        found: list[FieldError] = []
        for key, value in messages.items():
            name = path if key == "_schema" else f"{path}.{key}" if path else str(key)
            found.extend(field_errors(value, name))
        return found
    if isinstance(messages, list | tuple):
        return [error for item in messages for error in field_errors(item, path)]
    code, zh = _bilingual(str(messages) if not isinstance(messages, Message) else messages)
    return [FieldError(path or "body", code, str(messages), zh)]
