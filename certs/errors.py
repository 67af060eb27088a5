"""Domain errors with a stable slug, and the bilingual words that explain them.

The core knows nothing of HTTP: the web edge (``webbase.problems``) maps each error class
to a status code in one table and answers RFC 9457 problem+json.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

# However much was wrong, an answer lists this many errors and counts the rest: a header of
# 700,000 unknown columns once made a 75 MiB answer.
MAX_LISTED_ERRORS = 100


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


def listed(errors: Iterable[FieldError], limit: int = MAX_LISTED_ERRORS) -> list[FieldError]:
    """The first ``limit`` errors, and then one that says how many more there were. Takes
    an iterator, so that errors past the limit are counted without being made."""
    remaining = iter(errors)
    kept = list(itertools.islice(remaining, limit))
    more = sum(1 for _ in remaining)
    if more:
        kept.append(
            FieldError(
                "body",
                "more_errors",
                f"{more} more errors are not listed: correct these and send it again.",
                f"另有 {more} 处错误未列出：请改正以上错误后重新提交。",
            )
        )
    return kept


class CertsError(Exception):
    """Base of every domain error. ``slug`` is stable and names the problem type."""

    slug = "error"
    title = "Bad request"
    title_zh = "请求有误"

    def __init__(
        self, detail: str = "", detail_zh: str = "", errors: Iterable[FieldError] | None = None
    ):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.detail_zh = detail_zh or self.title_zh
        self.errors = listed(errors or ())


class InvalidInputError(CertsError):
    slug = "invalid-input"
    title = "The request has invalid fields"
    title_zh = "请求中有字段不符合要求"


class NotFoundError(CertsError):
    slug = "not-found"
    title = "Not found"
    title_zh = "未找到"


class ConflictError(CertsError):
    slug = "conflict"
    title = "Conflicts with the current state"
    title_zh = "与现有记录冲突"


class AuthenticationError(CertsError):
    slug = "unauthenticated"
    title = "A valid API token is required"
    title_zh = "需要有效的接口令牌"


class ForbiddenError(CertsError):
    slug = "forbidden"
    title = "Not allowed for this client"
    title_zh = "当前客户端无权执行此操作"


class UnsupportedMediaTypeError(CertsError):
    slug = "unsupported-media-type"
    title = "The body is not in a format this operation takes"
    title_zh = "请求体的格式不受支持"


class SerialFormatError(CertsError):
    slug = "invalid-serial"
    title = "Not a valid certificate serial number"
    title_zh = "证书编号格式不正确"


class IdNumberError(CertsError):
    slug = "invalid-id-number"
    title = "Not a valid resident ID-card number"
    title_zh = "居民身份证号码不正确"


class QrTooLargeError(CertsError):
    slug = "qr-too-large"
    title = "The QR text does not fit a printable QR code"
    title_zh = "二维码内容过长，无法打印"


class SigningKeyError(CertsError):
    slug = "signing-key"
    title = "No usable signing key"
    title_zh = "没有可用的签名密钥"


class TooManyAttemptsError(CertsError):
    slug = "too-many-attempts"
    title = "Too many attempts"
    title_zh = "尝试次数过多"


class TooLargeError(CertsError):
    slug = "too-large"
    title = "The body is too large"
    title_zh = "请求体过大"
