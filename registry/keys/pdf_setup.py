"""What rendering e-certificate PDFs needs besides the database, made once per app.

The font is read from its package once per process (reportlab registers fonts globally);
the key store, the issuer's words and the cache of signed PDFs belong to one app's state."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from importlib import resources

from certs.pdf.render import Issuance, PdfFont, load_font
from registry.config import Settings, read_secret
from registry.keys.pdf_store import PdfKeyStore

# WenQuanYi Micro Hei (文泉驿微米黑), a TrueType collection shipped on PyPI; face 0 is the
# proportional one. Its glyphs cover GB 18030's common set, names included.
FONT_PACKAGE, FONT_FILE = "paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc"


CACHE_SIZE = 256  # signed PDFs of about 60 kB each


@functools.cache
def certificate_font() -> PdfFont:
    return load_font(resources.files(FONT_PACKAGE).joinpath(FONT_FILE).read_bytes())


class PdfCache:
    """The most recently asked-for signed PDFs, by serial, signing certificate and whatever
    else the page shows that can change: the QR token and the status with its decision."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], pdf: bytes) -> None:
        with self._lock:
            self._items[key] = pdf
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass(frozen=True)
class PdfParts:
    store: PdfKeyStore
    issuance: Issuance
    font: PdfFont
    cache: PdfCache = field(default_factory=PdfCache)

    @classmethod
    def from_settings(cls, settings: Settings) -> PdfParts:
        return cls(
            store=PdfKeyStore(settings.key_dir, read_secret(settings.key_passphrase_file)),
            issuance=Issuance(settings.issuer_name, settings.verify_public_base_url),
            font=certificate_font(),
        )


def pdf_parts(state_or_parts) -> PdfParts:
    """The parts as given, or those of the registry's app state (made on first use)."""
    if isinstance(state_or_parts, PdfParts):
        return state_or_parts
    parts = getattr(state_or_parts, "pdf_parts", None)
    if parts is None:
        parts = PdfParts.from_settings(state_or_parts.settings)
        state_or_parts.pdf_parts = parts
    return parts
