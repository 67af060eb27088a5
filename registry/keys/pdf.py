"""The bureau's PDF-signing key: generated, rotated, and the active one for signing."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import SigningKeyError
from certs.pdf.sign import PdfSigningMaterial, make_certificate
from registry.audit.services import Actor, Change, record
from registry.keys.models import PdfSigningKey
from registry.keys.pdf_setup import PdfParts
from registry.projection.keys import publish_pdf_certificate, retire_pdf_certificate


# keys -------------------------------------------------------------------------------------
def active_pdf_key(session: Session) -> PdfSigningKey | None:
    return session.scalars(select(PdfSigningKey).where(PdfSigningKey.status == "active")).first()


def generate_pdf_key(
    session: Session, actor: Actor, parts: PdfParts, now: dt.datetime
) -> tuple[PdfSigningKey, bool]:
    """The active PDF-signing key, made with its certificate if there is none."""
    current = active_pdf_key(session)
    if current is not None:
        parts.store.private_key(current.key_id)  # fail now if the file is bad
        return current, False
    key = _add_key(session, parts, now)
    detail = {"fingerprint": key.fingerprint}
    record(
        session,
        actor,
        Change("pdf_key.generate", "pdf_signing_key", key.key_id, detail=detail),
        now,
    )
    return key, True


def rotate_pdf_key(
    session: Session, actor: Actor, parts: PdfParts, now: dt.datetime
) -> tuple[PdfSigningKey, PdfSigningKey | None]:
    """A new active key; PDFs signed by the old one still show as the bureau's."""
    previous = active_pdf_key(session)
    if previous is not None:
        previous.status, previous.retired_at = "retired", now
        retire_pdf_certificate(session, previous.fingerprint, now)
        session.flush()
    key = _add_key(session, parts, now)
    detail = {"fingerprint": key.fingerprint, "retired": previous.key_id if previous else None}
    record(
        session, actor, Change("pdf_key.rotate", "pdf_signing_key", key.key_id, detail=detail), now
    )
    return key, previous


def _add_key(session: Session, parts: PdfParts, now: dt.datetime) -> PdfSigningKey:
    identifier, private_key = parts.store.create()
    certificate = make_certificate(private_key, parts.issuance.issuer_name, now)
    material = PdfSigningMaterial(private_key, certificate)
    pem = certificate.public_bytes(Encoding.PEM).decode("ascii")
    key = PdfSigningKey(
        key_id=identifier,
        fingerprint=material.fingerprint,
        certificate=pem,
        status="active",
        created_at=now,
    )
    session.add(key)
    publish_pdf_certificate(
        session,
        material.fingerprint,
        pem,
        certificate.subject.rfc4514_string(),
        certificate.not_valid_before_utc,
        certificate.not_valid_after_utc,
    )
    session.flush()
    return key


def active_pdf_signer(session: Session, parts: PdfParts) -> PdfSigningMaterial:
    key = active_pdf_key(session)
    if key is None:
        raise SigningKeyError(
            "No PDF-signing key: run `flask --app registry pdf-key generate`.",
            "没有 PDF 签章密钥：请运行 `flask --app registry pdf-key generate`。",
        )
    return PdfSigningMaterial(
        parts.store.private_key(key.key_id),
        x509.load_pem_x509_certificate(key.certificate.encode()),
    )
