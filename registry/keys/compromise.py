"""Key compromise: the key signs nothing more, verify distrusts what it signed since the
compromise, and those certificates are signed again with the active key."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from registry.audit.services import Actor, Change, record, record_many
from registry.certificates.models import Certificate
from registry.certificates.pipeline import resign_certificate
from registry.keys.issuer import Issuer
from registry.keys.models import SigningKey
from registry.keys.services import rotate_key
from registry.keys.store import KeyStore
from registry.projection.keys import mark_key_compromised
from registry.revocation.status_lists import StatusListPublisher, publish_status_lists


def compromise_key(
    session: Session,
    actor: Actor,
    store: KeyStore,
    kid: str,
    since: dt.datetime,
    now: dt.datetime,
) -> SigningKey | None:
    """Mark ``kid`` compromised since ``since``. If it was the active key a new one takes
    over at once, returned; otherwise None."""
    key = session.get(SigningKey, kid, with_for_update=True)
    if key is None:
        raise NotFoundError(f"No signing key {kid}.", f"没有签名密钥 {kid}。")
    if key.status == "compromised":
        raise ConflictError(
            f"Key {kid} is already marked compromised.", f"密钥 {kid} 已标记为泄露。"
        )
    if since > now:
        raise InvalidInputError(
            errors=[
                FieldError("since", "in_future", "The time is in the future.", "时间晚于当前时间。")
            ]
        )
    replacement = None
    if key.status == "active":
        replacement, _ = rotate_key(session, actor, store, now)
    key.status, key.compromised_since = "compromised", since
    key.retired_at = key.retired_at or now
    mark_key_compromised(session, kid, since, now)
    session.flush()
    detail = {"since": since.isoformat(), "affected": count_affected(session)}
    record(session, actor, Change("key.compromise", "signing_key", kid, detail=detail), now)
    return replacement


def _affected():
    """Certificates whose current credentials a compromised key signed since the compromise."""
    signed_at = func.coalesce(Certificate.signed_at, Certificate.issued_at)
    return (
        select(Certificate)
        .join(SigningKey, SigningKey.kid == Certificate.kid)
        .where(SigningKey.status == "compromised", signed_at >= SigningKey.compromised_since)
        .order_by(Certificate.id)
    )


def count_affected(session: Session) -> int:
    return session.execute(select(func.count()).select_from(_affected().subquery())).scalar_one()


def resign_affected(
    session: Session, actor: Actor, issuer: Issuer, now: dt.datetime, limit: int = 1000
) -> int:
    """Sign up to ``limit`` affected certificates again with the active key (same serials);
    the status lists too. Returns how many were signed; run again until it returns 0."""
    certificates = session.scalars(_affected().limit(limit)).all()
    changes = []
    for certificate in certificates:
        old_kid, new_kid = resign_certificate(session, certificate, issuer, now)
        changes.append(
            Change(
                "certificate.resign",
                "certificate",
                certificate.serial,
                reason="key_compromise",
                detail={"old_kid": old_kid, "kid": new_kid},
            )
        )
    if changes:
        record_many(session, actor, changes, now)
    publish_status_lists(session, StatusListPublisher.of(issuer), now)
    return len(certificates)
