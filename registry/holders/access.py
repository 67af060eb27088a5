"""Holders reach their own certificate with serial + ID-card number + access code.

The access code is 16 Crockford base32 symbols (75 random bits and a check symbol, the
same scheme as serial numbers, so a mistyped code is caught before it costs an attempt).
That much entropy needs no slow password hash: a keyed HMAC-SHA256 is enough, and keeps
issuing 10,000 certificates in a batch fast. Failed sign-ins are counted in the database
(per serial and per client) so the limits hold across worker processes; the answer never
says which of the three inputs was wrong."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from certs.errors import AuthenticationError, TooManyAttemptsError
from certs.serials import format_serial, generate_serial
from registry.audit.services import Actor, Change, record
from registry.certificates.models import Certificate
from registry.clients.models import ApiClient
from registry.holders.models import HolderAccess, HolderSession, HolderSignInFailure
from registry.protect import IdNumberProtector

WINDOW = dt.timedelta(minutes=15)


MAX_FAILURES_PER_CERTIFICATE = 5


MAX_FAILURES_PER_CLIENT = 10


SESSION_LIFETIME = dt.timedelta(minutes=30)


class HolderSignInError(AuthenticationError):
    """One answer for every wrong input, so nobody learns which one it was."""

    slug = "holder-sign-in-failed"

    def __init__(self):
        super().__init__(
            "The serial number, ID-card number and access code do not match a certificate.",
            "证书编号、身份证号码与查询码不匹配。",
        )


class TooManySignInAttemptsError(TooManyAttemptsError):
    def __init__(self):
        minutes = int(WINDOW.total_seconds() // 60)
        super().__init__(
            f"Too many failed attempts; try again in {minutes} minutes.",
            f"失败次数过多，请 {minutes} 分钟后再试。",
        )


@functools.lru_cache(maxsize=8)
def _key(access_key: bytes, purpose: bytes) -> bytes:
    # Derived from the protector's access key, so no new secret to manage, never shared with
    # the ID-number look-up hash itself, and kept across a rotation of the data key.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(access_key)


def _mac(protector: IdNumberProtector, purpose: bytes, text: str) -> str:
    return hmac.new(_key(protector.access_key, purpose), text.encode(), hashlib.sha256).hexdigest()


def access_code_hash(protector: IdNumberProtector, code: str) -> str:
    return _mac(protector, b"holder access code v1", code)


def client_hash(protector: IdNumberProtector, address: str) -> str:
    """Clients are counted by a keyed hash of their address; the address is not kept."""
    return _mac(protector, b"holder client address v1", address)[:32]


def new_access_code(protector: IdNumberProtector) -> tuple[str, str]:
    """A new access code (canonical, no separators) and the hash to store for it; the
    issuance pipeline asks one per certificate and stores the hash in ``holder_access``."""
    code = generate_serial()  # the serial's scheme: 75 random bits and a check symbol
    return code, access_code_hash(protector, code)


def add_access_codes(
    session: Session, code_hashes: list[tuple[int, str]], now: dt.datetime
) -> None:
    """Access codes of newly issued certificates: (certificate id, code hash) pairs."""
    rows = [
        {"certificate_id": id_, "code_hash": code_hash, "updated_at": now}
        for id_, code_hash in code_hashes
    ]
    if rows:
        session.execute(insert(HolderAccess.__table__), rows)


def grant_access_code(
    session: Session, certificate: Certificate, protector: IdNumberProtector, now: dt.datetime
) -> str:
    """Give a certificate a new access code; returns it for display (grouped), once."""
    code, digest = new_access_code(protector)
    access = session.get(HolderAccess, certificate.id)
    if access is None:
        session.add(HolderAccess(certificate_id=certificate.id, code_hash=digest, updated_at=now))
    else:
        access.code_hash, access.updated_at = digest, now
    session.flush()
    return format_serial(code)


def reset_access_code(
    session: Session,
    client: ApiClient,
    certificate: Certificate,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> str:
    """The bureau replaces a lost or leaked code; signed-in holders are signed out."""
    code = grant_access_code(session, certificate, protector, now)
    session.execute(delete(HolderSession).where(HolderSession.certificate_id == certificate.id))
    record(
        session,
        Actor.of_client(client),
        Change("certificate.access_code_reset", "certificate", certificate.serial),
        now,
    )
    return code


def sign_in(
    session: Session,
    credentials: dict,
    client_address: str,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> tuple[str, HolderSession]:
    """A holder session token for serial + ID-card number + access code (all canonical).

    On a wrong input this records the failure and raises ``HolderSignInError``: the caller
    commits before answering, so the failure counts even though the request fails.
    """
    serial, client = credentials["serial"], client_hash(protector, client_address)
    _check_limits(session, serial, client, now)
    certificate = session.scalar(select(Certificate).where(Certificate.serial == serial))
    access = (
        session.scalar(
            select(HolderAccess)
            .where(HolderAccess.certificate_id == certificate.id)
            .with_for_update()  # attempts on one certificate are counted one at a time
        )
        if certificate is not None
        else None
    )
    # Both hashes are computed whatever is found, so timing does not tell either.
    id_hash = protector.lookup_hash(credentials["id_number"])
    code_hash = access_code_hash(protector, credentials["access_code"])
    id_ok = certificate is not None and hmac.compare_digest(
        certificate.holder.id_number_hash, id_hash
    )
    code_ok = access is not None and hmac.compare_digest(access.code_hash, code_hash)
    if not (id_ok and code_ok):
        session.add(HolderSignInFailure(serial=serial, client_hash=client, at=now))
        session.flush()
        raise HolderSignInError
    session.execute(delete(HolderSignInFailure).where(HolderSignInFailure.serial == serial))
    token = secrets.token_urlsafe(32)
    holder_session = HolderSession(
        token_hash=token_hash(token),
        certificate=certificate,
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(holder_session)
    session.flush()
    return token, holder_session


def _check_limits(session: Session, serial: str, client: str, now: dt.datetime) -> None:
    since = now - WINDOW
    # Old failures and expired sessions go here, so neither table needs a cleaning job.
    session.execute(delete(HolderSignInFailure).where(HolderSignInFailure.at < since))
    session.execute(delete(HolderSession).where(HolderSession.expires_at < now))
    counts = session.execute(
        select(
            func.count().filter(HolderSignInFailure.serial == serial),
            func.count().filter(HolderSignInFailure.client_hash == client),
        ).where(
            or_(HolderSignInFailure.serial == serial, HolderSignInFailure.client_hash == client)
        )
    ).one()
    if counts[0] >= MAX_FAILURES_PER_CERTIFICATE or counts[1] >= MAX_FAILURES_PER_CLIENT:
        raise TooManySignInAttemptsError


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def holder_certificate(session: Session, authorization: str | None, now: dt.datetime):
    """The certificate a holder session token opens; 401 when missing or expired."""
    scheme, _, token = (authorization or "").partition(" ")
    found = None
    if scheme.lower() == "bearer" and token.strip():
        found = session.get(HolderSession, token_hash(token.strip()))
    if found is None or found.expires_at <= now:
        raise AuthenticationError(
            "Sign in as the holder first (POST /api/v1/holder/session).",
            "请先以持证人身份登录（POST /api/v1/holder/session）。",
        )
    return found.certificate
