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
from registry.models.governance import (
    CommitteeStatusChange,
    PublicCommittee,
    PublicCommitteeStatus,
    PublicSpecialty,
    PublicSpecialtyName,
    SpecialtyName,
)
from registry.models.holder import (
    HolderAccess,
    HolderSession,
    HolderSignInFailure,
    ShareLink,
    ShareLinkView,
)
from registry.models.key import SigningKey
from registry.models.pdf import PdfSigningKey, PublicPdfCertificate
from registry.models.public import (
    PublicCertificate,
    PublicKey,
    PublicNotice,
    PublicNoticeEntry,
    PublicStatusList,
)
from registry.models.revocation import IntegrityRecord, StatusChange

__all__ = [
    "ApiClient",
    "AuditHead",
    "AuditRecord",
    "Base",
    "BatchRow",
    "Certificate",
    "Committee",
    "CommitteeStatusChange",
    "EquivalenceEntry",
    "EquivalenceVersion",
    "Holder",
    "HolderAccess",
    "HolderSession",
    "HolderSignInFailure",
    "IdempotencyRecord",
    "IntegrityRecord",
    "Objection",
    "PdfSigningKey",
    "PublicCertificate",
    "PublicCommittee",
    "PublicCommitteeStatus",
    "PublicEquivalenceEntry",
    "PublicEquivalenceVersion",
    "PublicKey",
    "PublicNotice",
    "PublicNoticeEntry",
    "PublicPdfCertificate",
    "PublicSpecialty",
    "PublicSpecialtyName",
    "PublicStatusList",
    "Recognition",
    "ResultBatch",
    "ShareLink",
    "ShareLinkView",
    "SigningKey",
    "Specialty",
    "SpecialtyName",
    "StatusChange",
]
