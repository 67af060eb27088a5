"""The public keys (JWKS) and the bureau's PDF-signing certificates, as verify reads them."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.credential.jose import jwk_entry
from registry.projection.models import PublicKey, PublicPdfCertificate


def jwks(session: Session) -> dict:
    """Every public key, active and retired, with its status and validity window."""
    keys = session.scalars(select(PublicKey).order_by(PublicKey.valid_from)).all()
    return {
        "keys": [
            jwk_entry(json.loads(k.jwk), k.status, k.valid_from, k.valid_to, k.compromised_since)
            for k in keys
        ]
    }


def publish_key(session: Session, kid: str, jwk: dict, now: dt.datetime) -> None:
    session.add(PublicKey(kid=kid, jwk=json.dumps(jwk), status="active", valid_from=now))


def retire_key(session: Session, kid: str, now: dt.datetime) -> None:
    published = session.get_one(PublicKey, kid)
    published.status, published.valid_to = "retired", now


def mark_key_compromised(session: Session, kid: str, since: dt.datetime, now: dt.datetime) -> None:
    """What the key signed from ``since`` on is untrusted; it signs nothing after ``now``."""
    published = session.get_one(PublicKey, kid)
    published.status, published.compromised_since = "compromised", since
    published.valid_to = published.valid_to or now


def publish_pdf_certificate(
    session: Session,
    fingerprint: str,
    pem: str,
    subject: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> None:
    session.add(
        PublicPdfCertificate(
            fingerprint=fingerprint,
            certificate=pem,
            subject=subject,
            status="active",
            not_before=not_before,
            not_after=not_after,
        )
    )


def retire_pdf_certificate(session: Session, fingerprint: str, now: dt.datetime) -> None:
    published = session.get_one(PublicPdfCertificate, fingerprint)
    published.status, published.retired_at = "retired", now
