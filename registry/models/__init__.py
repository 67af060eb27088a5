"""SQLAlchemy models. Private tables first; ``public`` holds the projection verify reads."""

from registry.db import Base
from registry.models.audit import AuditHead, AuditRecord
from registry.models.batch import BatchRow, IdempotencyRecord, Objection, ResultBatch
from registry.models.certificate import Certificate, Holder
from registry.models.client import ApiClient
from registry.models.committee import Committee, Specialty
from registry.models.equivalence import (
    EquivalenceEntry,
    EquivalenceVersion,
    PublicEquivalenceEntry,
    PublicEquivalenceVersion,
    Recognition,
)
from registry.models.key import SigningKey
from registry.models.public import PublicCertificate, PublicKey, PublicNotice, PublicNoticeEntry

__all__ = [
    "ApiClient",
    "BatchRow",
    "IdempotencyRecord",
    "Objection",
    "PublicNotice",
    "PublicNoticeEntry",
    "ResultBatch",
    "AuditHead",
    "AuditRecord",
    "Base",
    "Certificate",
    "Committee",
    "EquivalenceEntry",
    "EquivalenceVersion",
    "Holder",
    "PublicCertificate",
    "PublicEquivalenceEntry",
    "PublicEquivalenceVersion",
    "PublicKey",
    "Recognition",
    "SigningKey",
    "Specialty",
]
