"""QR codes that a phone camera opens as the verify page and a program reads as a token.

The text is ``<verify base URL>/v/<compact JWS>``: a camera opens the URL, a program takes
what follows ``/v/`` and verifies it offline with the published JWKS.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

from certs.errors import QrTooLargeError

MAX_VERSION = 20  # larger codes stop scanning reliably when printed at 35-60 mm
MAX_BYTES = 666  # byte-mode capacity of version 20 at error correction M
LANDING_PATH = "/v/"


def qr_text(verify_base_url: str, token: str) -> str:
    return verify_base_url.rstrip("/") + LANDING_PATH + token


def token_from_qr_text(text: str) -> str:
    """The compact token in a QR's text, whether it is the landing URL or the bare token."""
    text = text.strip()
    marker = text.rfind(LANDING_PATH)
    return text[marker + len(LANDING_PATH) :] if marker >= 0 else text


def fits(text: str) -> bool:
    """Whether the text fits a printable code; cheap enough to ask at issuance."""
    return len(text.encode("utf-8")) <= MAX_BYTES


def _build(text: str) -> qrcode.QRCode[Any]:  # the image factory is chosen per call
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=4)
    code.add_data(text.encode("utf-8"), optimize=0)
    code.make(fit=True)
    if code.version > MAX_VERSION:
        raise QrTooLargeError(
            f"QR version {code.version} exceeds {MAX_VERSION} ({len(text)} characters).",
            f"二维码版本 {code.version} 超过 {MAX_VERSION}（{len(text)} 个字符）。",
        )
    return code


def qr_version(text: str) -> int:
    return _build(text).version


@functools.lru_cache(maxsize=512)
def matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, quiet zone included, for drawing it as vectors (the PDF)."""
    return tuple(tuple(row) for row in _build(text).get_matrix())


# Rendering costs 40-90 ms and a certificate's QR text never changes: render once, keep it.
@functools.lru_cache(maxsize=512)
def render_png(text: str) -> bytes:
    image = _build(text).make_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@functools.lru_cache(maxsize=512)
def render_svg(text: str) -> bytes:
    image = _build(text).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
