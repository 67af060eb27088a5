"""SQLAlchemy models. Private tables first; ``public`` holds the projection verify reads."""

from registry.db import Base
from registry.models.audit import AuditHead, AuditRecord
from registry.models.certificate import Certificate, Holder
from registry.models.client import ApiClient
from registry.models.committee import Committee, Specialty
from registry.models.key import SigningKey
from registry.models.pdf import PdfSigningKey, PublicPdfCertificate
from registry.models.public import PublicCertificate, PublicKey

__all__ = [
    "ApiClient",
    "AuditHead",
    "AuditRecord",
    "Base",
    "Certificate",
    "Committee",
    "Holder",
    "PdfSigningKey",
    "PublicCertificate",
    "PublicKey",
    "PublicPdfCertificate",
    "SigningKey",
    "Specialty",
]
