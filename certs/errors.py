"""Domain errors with a stable slug, and the bilingual words that explain them.

Every service maps these to RFC 9457 problem+json with one table (``problem``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    """One reason one field was refused, in English and Chinese."""

    field: str
    code: str
    message: str
    message_zh: str
    row: int | None = None  # the row of a batch the error is about

    def as_dict(self) -> dict[str, str | int]:
        found: dict[str, str | int] = {} if self.row is None else {"row": self.row}
        found.update(
            field=self.field, code=self.code, message=self.message, message_zh=self.message_zh
        )
        return found


class CertsError(Exception):
    """Base of every domain error. ``slug`` is stable and names the problem type."""

    slug = "error"
    status = 400
    title = "Bad request"
    title_zh = "请求有误"

    def __init__(
        self, detail: str = "", detail_zh: str = "", errors: list[FieldError] | None = None
    ):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.detail_zh = detail_zh or self.title_zh
        self.errors = errors or []


class InvalidInputError(CertsError):
    slug = "invalid-input"
    status = 422
    title = "The request has invalid fields"
    title_zh = "请求中有字段不符合要求"


class NotFoundError(CertsError):
    slug = "not-found"
    status = 404
    title = "Not found"
    title_zh = "未找到"


class ConflictError(CertsError):
    slug = "conflict"
    status = 409
    title = "Conflicts with the current state"
    title_zh = "与现有记录冲突"


class AuthenticationError(CertsError):
    slug = "unauthenticated"
    status = 401
    title = "A valid API token is required"
    title_zh = "需要有效的接口令牌"


class ForbiddenError(CertsError):
    slug = "forbidden"
    status = 403
    title = "Not allowed for this client"
    title_zh = "当前客户端无权执行此操作"


class UnsupportedMediaTypeError(CertsError):
    slug = "unsupported-media-type"
    status = 415
    title = "The body is not in a format this operation takes"
    title_zh = "请求体的格式不受支持"


class SerialFormatError(CertsError):
    slug = "invalid-serial"
    status = 400
    title = "Not a valid certificate serial number"
    title_zh = "证书编号格式不正确"


class IdNumberError(CertsError):
    slug = "invalid-id-number"
    status = 422
    title = "Not a valid resident ID-card number"
    title_zh = "居民身份证号码不正确"


class QrTooLargeError(CertsError):
    slug = "qr-too-large"
    status = 500
    title = "The QR text does not fit a printable QR code"
    title_zh = "二维码内容过长，无法打印"


class SigningKeyError(CertsError):
    slug = "signing-key"
    status = 503
    title = "No usable signing key"
    title_zh = "没有可用的签名密钥"


PROBLEM_TYPE_BASE = "urn:title-registry:problem:"


@dataclass
class Problem:
    """An RFC 9457 problem document, bilingual."""

    slug: str
    status: int
    title: str
    title_zh: str
    detail: str
    detail_zh: str
    errors: list[FieldError] = field(default_factory=list)

    @classmethod
    def from_error(cls, error: CertsError) -> Problem:
        return cls(
            error.slug,
            error.status,
            error.title,
            error.title_zh,
            error.detail,
            error.detail_zh,
            list(error.errors),
        )

    def as_dict(self) -> dict:
        body = {
            "type": PROBLEM_TYPE_BASE + self.slug,
            "title": self.title,
            "title_zh": self.title_zh,
            "status": self.status,
            "detail": self.detail,
            "detail_zh": self.detail_zh,
        }
        if self.errors:
            body["errors"] = [e.as_dict() for e in self.errors]
        return body


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


HTTP_TITLES_ZH = {
    400: "请求有误",
    404: "未找到",
    405: "不支持此请求方法",
    406: "无法提供所请求的格式",
    413: "请求体过大",
    415: "不支持的内容类型",
    422: "请求中有字段不符合要求",
}
INTERNAL = Problem(
    "internal",
    500,
    "Internal server error",
    "服务器内部错误",
    "The error was logged.",
    "错误已记录。",
)


def http_problem(status: int, name: str, description: str | None, data: dict | None) -> Problem:
    """An HTTP-level error (Werkzeug's, or webargs's validation) as a bilingual problem.

    webargs keys its messages by location ("json", "query"); the field is what matters.
    """
    if status >= 500:
        return INTERNAL
    messages = (data or {}).get("messages", {})
    errors = [e for by_location in messages.values() for e in field_errors(by_location)]
    title_zh = HTTP_TITLES_ZH.get(status, name)
    detail = "The request has invalid fields." if errors else description or name
    slug = "invalid-input" if status == 422 else f"http-{status}"
    return Problem(slug, status, name, title_zh, detail, title_zh, errors)
