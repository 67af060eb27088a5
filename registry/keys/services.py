"""Credential signing keys: the active one signs; retired ones keep verifying what they signed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.credential.sign import Signer
from certs.errors import SigningKeyError
from registry.audit.services import Actor, Change, record
from registry.keys.models import SigningKey
from registry.keys.store import KeyStore
from registry.projection.keys import publish_key, retire_key


def active_key(session: Session) -> SigningKey | None:
    return session.scalars(select(SigningKey).where(SigningKey.status == "active")).first()


def generate_key(
    session: Session, actor: Actor, store: KeyStore, now: dt.datetime
) -> tuple[SigningKey, bool]:
    """The active key, made if there is none. Returns (key, made_now)."""
    current = active_key(session)
    if current is not None:
        store.signer(current.kid)  # fail now, not at the first issuance, if the file is bad
        return current, False
    key = _add_key(session, store, now)
    record(session, actor, Change("key.generate", "signing_key", key.kid), now)
    return key, True


def rotate_key(
    session: Session, actor: Actor, store: KeyStore, now: dt.datetime
) -> tuple[SigningKey, SigningKey | None]:
    """A new active key; the old one is retired and keeps verifying what it signed."""
    previous = active_key(session)
    if previous is not None:
        previous.status = "retired"
        previous.retired_at = now
        retire_key(session, previous.kid, now)
        session.flush()
    key = _add_key(session, store, now)
    detail = {"retired": previous.kid if previous else None}
    record(session, actor, Change("key.rotate", "signing_key", key.kid, detail=detail), now)
    return key, previous


def _add_key(session: Session, store: KeyStore, now: dt.datetime) -> SigningKey:
    kid, jwk = store.create()
    key = SigningKey(kid=kid, public_jwk=jwk, status="active", created_at=now)
    session.add(key)
    publish_key(session, kid, jwk, now)
    session.flush()
    return key


def active_signer(session: Session, store: KeyStore) -> Signer:
    key = active_key(session)
    if key is None:
        raise SigningKeyError(
            "No active signing key: run `flask --app registry keys generate`.",
            "没有启用的签名密钥：请运行 `flask --app registry keys generate`。",
        )
    return store.signer(key.kid)
