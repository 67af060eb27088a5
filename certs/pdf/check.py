"""Checking an uploaded e-certificate PDF: its signature, its signer, its serial.

Pure: the file's bytes and the published signing certificates come in, a finding goes out.
Nothing here signs or loads a private key; the verify service imports this module only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from certs.errors import CertsError, FieldError
from certs.pdf.render import serial_from_keywords

PDF_MAGIC = b"%PDF-"


class PdfUploadError(CertsError):
    slug = "invalid-pdf"
    title = "Not a signed e-certificate PDF"
    title_zh = "不是带数字签名的电子证书 PDF"


NOT_PDF = FieldError("pdf", "not_pdf", "The file is not a PDF document.", "该文件不是 PDF 文档。")
UNREADABLE = FieldError(
    "pdf",
    "unreadable_pdf",
    "The PDF is damaged and cannot be read.",
    "该 PDF 文件已损坏，无法读取。",
)
UNSIGNED = FieldError(
    "pdf",
    "no_signature",
    "The PDF carries no digital signature, so it cannot be checked. Download the signed "
    "e-certificate again or check the serial number instead.",
    "该 PDF 没有数字签名，无法核验。请重新下载带签名的电子证书，或改用证书编号查询。",
)


@dataclass(frozen=True)
class PdfSignatureCheck:
    """What the signature over an uploaded PDF proves."""

    intact: bool  # the signed bytes hash to what was signed
    valid: bool  # and the signature over that hash verifies with the signer's key
    whole_file: bool  # nothing was added to the file after signing
    signer_subject: str | None
    signer_fingerprint: str | None
    published: bool  # the signer's certificate is one the bureau published
    signed_at: dt.datetime | None
    serial: str | None  # from the signed document's keywords

    @property
    def trustworthy(self) -> bool:
        return self.intact and self.valid and self.whole_file and self.published


def check_pdf(
    data: bytes, published: Iterable[x509.Certificate], now: dt.datetime
) -> PdfSignatureCheck:
    """Check the signature of an e-certificate PDF against the published certificates, as of
    ``now`` (the signer's certificate must be valid then).

    Refuses (``PdfUploadError``) what is not a PDF or carries no signature; anything else
    is an answer, a broken signature included.
    """
    if PDF_MAGIC not in data[:1024]:
        raise PdfUploadError(errors=[NOT_PDF])
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 (a hostile file can break the parser in any way)
        raise PdfUploadError(errors=[UNREADABLE]) from None
    if not signatures:
        raise PdfUploadError(errors=[UNSIGNED])
    trusted = {certificate_fingerprint(c) for c in published}
    signature = signatures[-1]  # the last one covers the most of the file
    try:
        signer = signature.signer_cert
    except Exception:  # noqa: BLE001 (as above: whatever the file holds)
        signer = None
    fingerprint = _fingerprint(signer) if signer is not None else None
    try:
        status = validate_pdf_signature(signature, _context(signer, now), skip_diff=True)
    except Exception:  # noqa: BLE001 (as above: parsing the signature container)
        # A damaged signature container (any parser error) is a failed check, not a refusal.
        return PdfSignatureCheck(
            False, False, False, _subject(signer), fingerprint, fingerprint in trusted, None, None
        )
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return PdfSignatureCheck(
        intact=status.intact,
        valid=status.valid,
        whole_file=whole_file,
        signer_subject=_subject(signer),
        signer_fingerprint=fingerprint,
        published=fingerprint in trusted,
        signed_at=status.signer_reported_dt,
        serial=_serial(reader) if status.intact and whole_file else None,
    )


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, hex: what a PDF reader shows as its fingerprint."""
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()


def _fingerprint(certificate: asn1_x509.Certificate) -> str:
    return hashlib.sha256(certificate.dump()).hexdigest()


def _subject(certificate: asn1_x509.Certificate | None) -> str | None:
    """The signer as a person reads it: the common name, else the whole subject."""
    if certificate is None:
        return None
    # asn1crypto is untyped; both are text: a common name is a DirectoryString.
    name: str = certificate.subject.native.get("common_name") or certificate.subject.human_friendly
    return name


def _context(signer: asn1_x509.Certificate | None, now: dt.datetime) -> ValidationContext:
    """Whose signature it is, is decided by comparing fingerprints with the published
    certificates; pyHanko is asked only whether the signature holds, so the signer's own
    certificate is its trust root and nothing is fetched from the network."""
    roots = [signer] if signer is not None else []
    return ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=now
    )


def _serial(reader: PdfFileReader) -> str | None:
    try:
        info = reader.trailer_view["/Info"]
        keywords = str(info.get("/Keywords", ""))
    except (KeyError, TypeError, ValueError, PdfError):
        return None
    return serial_from_keywords(keywords)
