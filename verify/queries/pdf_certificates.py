"""The bureau's published PDF-signing certificates, from the public projection
(``public_pdf_certificates``), reloaded at most every ``cache_seconds``."""

from __future__ import annotations

import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import Engine, select

from verify.tables import public_pdf_certificates

ALL_PDF_CERTIFICATES = select(public_pdf_certificates)


class PublishedPdfCertificates:
    """The bureau's published PDF-signing certificates, by SHA-256 fingerprint."""

    def __init__(self, engine: Engine, cache_seconds: float):
        self.engine = engine
        self.cache_seconds = cache_seconds
        self._rows: dict[str, tuple[x509.Certificate, str]] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def current(self) -> dict[str, tuple[x509.Certificate, str]]:
        """Fingerprint -> (certificate, status: active or retired)."""
        if time.monotonic() - self._loaded_at > self.cache_seconds:
            with self.engine.connect() as connection:
                rows = connection.execute(ALL_PDF_CERTIFICATES).all()
            loaded = {
                r.fingerprint: (x509.load_pem_x509_certificate(r.certificate.encode()), r.status)
                for r in rows
            }
            with self._lock:
                self._rows, self._loaded_at = loaded, time.monotonic()
        return self._rows

    def pem_bundle(self) -> str:
        return "".join(
            self._pem(fingerprint, status)
            for fingerprint, (_, status) in sorted(self.current().items())
        )

    def _pem(self, fingerprint: str, status: str) -> str:
        certificate = self._rows[fingerprint][0]
        header = f"# SHA-256 {fingerprint} ({status})\n"
        return header + certificate.public_bytes(Encoding.PEM).decode("ascii")
