"""Holders reach their own certificate with serial + ID-card number + access code.

The access code is 16 Crockford base32 symbols (75 random bits and a check symbol, the
same scheme as serial numbers, so a mistyped code is caught before it costs an attempt).
That much entropy needs no slow password hash: a keyed HMAC-SHA256 is enough, and keeps
issuing 10,000 certificates in a batch fast; the answer never says which of the three
inputs was wrong.

Failed sign-ins are counted in the database, so the limits hold across worker processes,
and each count is raised by one atomic statement. They stop one client (per address, and
per certificate and address with exponential back-off) without letting a stranger lock the
holder out: many clients failing on one certificate slow down the clients that failed on
it by seconds, and the holder sees every failure (``failure_record``). Guessing stays
hopeless: even at one evaluated try per second on a certificate for ten years (3.2e8
tries) the chance of finding a 75-bit code is below 1e-14."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import case, delete, distinct, func, insert, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from certs.dates import as_utc
from certs.errors import AuthenticationError, TooManyAttemptsError
from certs.serials import format_serial, generate_serial
from registry.audit.services import Actor, Change, record
from registry.certificates.models import Certificate
from registry.clients.models import ApiClient
from registry.db import UTCDateTime
from registry.holders.models import (
    HolderAccess,
    HolderSession,
    HolderSignInCertificate,
    HolderSignInClient,
    HolderSignInFailure,
    HolderSignInPair,
)
from registry.protect import IdNumberProtector

# The holder's record of failed sign-ins is kept this long; a client's back-off on one
# certificate, and idle counters, are forgotten a day after their last failure.
RECORD_KEPT = dt.timedelta(days=30)
PAIR_KEPT = dt.timedelta(days=1)
LISTED = 200  # failures listed to the holder; the counts cover all of the 30 days


@dataclass(frozen=True)
class SignInLimits:
    """The bureau's limits on failed sign-ins (registry.config.Settings, documented in
    docs/operations.md)."""

    window: dt.timedelta = dt.timedelta(minutes=15)
    client_max_failures: int = 10
    free_tries: int = 5
    backoff: dt.timedelta = dt.timedelta(seconds=60)
    backoff_max: dt.timedelta = dt.timedelta(hours=1)
    certificate_slow_after: int = 20
    certificate_delay_max: dt.timedelta = dt.timedelta(seconds=60)

    @classmethod
    def of(cls, settings) -> SignInLimits:
        return cls(
            window=dt.timedelta(seconds=settings.holder_failure_window_seconds),
            client_max_failures=settings.holder_client_max_failures,
            free_tries=settings.holder_free_tries,
            backoff=dt.timedelta(seconds=settings.holder_backoff_seconds),
            backoff_max=dt.timedelta(seconds=settings.holder_backoff_max_seconds),
            certificate_slow_after=settings.holder_certificate_slow_after,
            certificate_delay_max=dt.timedelta(
                seconds=settings.holder_certificate_delay_max_seconds
            ),
        )

    def backoff_after(self, failures: int) -> dt.timedelta:
        """How long one client waits on one certificate after its ``failures``-th failure
        there: nothing for the first ``free_tries - 1``, then ``backoff`` doubling."""
        if failures < self.free_tries:
            return dt.timedelta(0)
        return min(self.backoff * 2 ** min(failures - self.free_tries, 30), self.backoff_max)

    def certificate_delay(self, failures: int) -> dt.timedelta:
        """How long clients that already failed on a certificate wait after its
        ``failures``-th failure in a window: 1 s past the ceiling, doubling, capped."""
        if failures < self.certificate_slow_after:
            return dt.timedelta(0)
        seconds = 2 ** min(failures - self.certificate_slow_after, 30)
        return min(dt.timedelta(seconds=seconds), self.certificate_delay_max)


DEFAULT_LIMITS = SignInLimits()


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
    """Refused before the inputs are looked at; ``retry_after`` whole seconds to wait."""

    def __init__(self, wait: dt.timedelta):
        self.retry_after = max(1, math.ceil(wait.total_seconds()))
        super().__init__(
            f"Too many failed attempts; try again in {self.retry_after} seconds.",
            f"失败次数过多，请 {self.retry_after} 秒后再试。",
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
    limits: SignInLimits = DEFAULT_LIMITS,
) -> tuple[str, HolderSession, dict]:
    """A holder session token for serial + ID-card number + access code (all canonical),
    with the record of failed attempts on the certificate for the holder to see.

    The limits, in order (each count is raised by one atomic statement in this transaction):

    1. per client address, on every certificate: ``client_max_failures`` failures in a
       window; the next try is refused (429) until the window ends;
    2. per certificate: its counter row is locked, so that the tries on one certificate
       are judged one at a time;
    3. per (certificate, client): ``free_tries`` failures, then exponential back-off;
    4. per certificate, from every client: past ``certificate_slow_after`` failures in a
       window, a client that has already failed on it waits a few seconds (at most
       ``certificate_delay_max``) after the certificate's last failure. A client with no
       failure on the certificate is never held up by others: the holder with the right
       code always signs in from an address of their own.

    On a wrong input this records the failure and raises ``HolderSignInError``; refused,
    ``TooManySignInAttemptsError``: the caller commits before answering either, so both count
    although the request fails.
    """
    serial, client = credentials["serial"], client_hash(protector, client_address)
    _prune(session, now)
    _claim_client(session, client, now, limits)
    counter = _lock_certificate_counter(session, serial, now, limits)
    pair = session.get(HolderSignInPair, (serial, client), populate_existing=True)
    wait = dt.timedelta(0)
    if pair is not None:
        wait = max(pair.not_before - now, counter.not_before - now)
    if wait > dt.timedelta(0):
        _unclaim_client(session, client)
        session.execute(
            update(COUNTERS)
            .where(COUNTERS.c.serial == serial)
            .values(refused=COUNTERS.c.refused + 1)
        )
        raise TooManySignInAttemptsError(wait)
    certificate = session.scalar(select(Certificate).where(Certificate.serial == serial))
    access = session.get(HolderAccess, certificate.id) if certificate is not None else None
    # Both hashes are computed whatever is found, so timing does not tell either.
    id_hash = protector.lookup_hash(credentials["id_number"])
    code_hash = access_code_hash(protector, credentials["access_code"])
    id_ok = certificate is not None and hmac.compare_digest(
        certificate.holder.id_number_hash, id_hash
    )
    code_ok = access is not None and hmac.compare_digest(access.code_hash, code_hash)
    if not (id_ok and code_ok):
        _count_failure(session, serial, client, certificate is not None, now, limits)
        raise HolderSignInError
    _unclaim_client(session, client)
    session.execute(
        delete(HolderSignInPair).where(
            HolderSignInPair.serial == serial, HolderSignInPair.client_hash == client
        )
    )
    token = secrets.token_urlsafe(32)
    holder_session = HolderSession(
        token_hash=token_hash(token),
        certificate=certificate,
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(holder_session)
    session.flush()
    return token, holder_session, failure_record(session, serial, client, now)


CLIENTS = HolderSignInClient.__table__
PAIRS = HolderSignInPair.__table__
COUNTERS = HolderSignInCertificate.__table__
SIGN_IN = Actor("system:holder-sign-in")


def _upsert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _at(moment: dt.datetime):
    return literal(moment, UTCDateTime())


def _claim_client(session: Session, client: str, now: dt.datetime, limits: SignInLimits) -> None:
    """Count this try as the client's failure before it is judged (undone when it signs in
    or is refused by another limit), in one statement that refuses it when the client has
    used up its failures: concurrent tries can never exceed the limit."""
    expired = CLIENTS.c.window_started <= _at(now - limits.window)
    statement = _upsert(session)(CLIENTS).values(client_hash=client, failures=1, window_started=now)
    statement = statement.on_conflict_do_update(
        index_elements=[CLIENTS.c.client_hash],
        set_={
            "failures": case((expired, 1), else_=CLIENTS.c.failures + 1),
            "window_started": case((expired, _at(now)), else_=CLIENTS.c.window_started),
        },
        where=or_(expired, CLIENTS.c.failures < limits.client_max_failures),
    ).returning(CLIENTS.c.failures)
    if session.execute(statement).first() is None:
        started = session.scalar(
            select(CLIENTS.c.window_started).where(CLIENTS.c.client_hash == client)
        )
        # The row exists: the upsert found it full. It is read back as stored (naive on SQLite).
        raise TooManySignInAttemptsError(as_utc(started or now) + limits.window - now)


def _unclaim_client(session: Session, client: str) -> None:
    session.execute(
        update(CLIENTS)
        .where(CLIENTS.c.client_hash == client)
        .values(failures=CLIENTS.c.failures - 1)
    )


def _lock_certificate_counter(
    session: Session, serial: str, now: dt.datetime, limits: SignInLimits
) -> HolderSignInCertificate:
    """The certificate's counter, made or locked (a window past its end starts again):
    tries on one certificate are judged one at a time from here to the commit."""
    expired = COUNTERS.c.window_started <= _at(now - limits.window)
    statement = _upsert(session)(COUNTERS).values(
        serial=serial, failures=0, window_started=now, not_before=now, refused=0
    )
    statement = statement.on_conflict_do_update(
        index_elements=[COUNTERS.c.serial],
        set_={
            "failures": case((expired, 0), else_=COUNTERS.c.failures),
            "window_started": case((expired, _at(now)), else_=COUNTERS.c.window_started),
            "refused": case((expired, 0), else_=COUNTERS.c.refused),
        },
    )
    session.execute(statement)
    return session.get_one(HolderSignInCertificate, serial, populate_existing=True)


def _count_failure(
    session: Session,
    serial: str,
    client: str,
    known: bool,
    now: dt.datetime,
    limits: SignInLimits,
) -> None:
    """A wrong try: the pair's and the certificate's counts, each raised atomically, set
    when the next try may come; the holder's record; the audit trail when a limit starts
    to bite (no address, no hash of one)."""
    session.add(HolderSignInFailure(serial=serial, client_hash=client, at=now))
    statement = _upsert(session)(PAIRS).values(
        serial=serial, client_hash=client, failures=1, last_failure_at=now, not_before=now
    )
    pair_failures = session.execute(
        statement.on_conflict_do_update(
            index_elements=[PAIRS.c.serial, PAIRS.c.client_hash],
            set_={"failures": PAIRS.c.failures + 1, "last_failure_at": _at(now)},
        ).returning(PAIRS.c.failures)
    ).scalar_one()
    session.execute(
        update(PAIRS)
        .where(PAIRS.c.serial == serial, PAIRS.c.client_hash == client)
        .values(not_before=now + limits.backoff_after(pair_failures))
    )
    certificate_failures = session.execute(
        update(COUNTERS)
        .where(COUNTERS.c.serial == serial)
        .values(failures=COUNTERS.c.failures + 1)
        .returning(COUNTERS.c.failures)
    ).scalar_one()
    delay = limits.certificate_delay(certificate_failures)
    if delay:
        session.execute(
            update(COUNTERS).where(COUNTERS.c.serial == serial).values(not_before=now + delay)
        )
    session.flush()
    if not known:
        return
    if pair_failures == limits.free_tries:
        detail = {"failures": pair_failures, "scope": "one client"}
        record(
            session,
            SIGN_IN,
            Change("holder.sign_in_backoff", "certificate", serial, detail=detail),
            now,
        )
    if certificate_failures == limits.certificate_slow_after:
        detail = {"failures": certificate_failures, "scope": "every client"}
        record(
            session,
            SIGN_IN,
            Change("holder.sign_in_slowed", "certificate", serial, detail=detail),
            now,
        )


def _prune(session: Session, now: dt.datetime) -> None:
    # Old counters, failures and expired sessions go here, so no table needs a cleaning job.
    session.execute(delete(HolderSignInFailure).where(HolderSignInFailure.at < now - RECORD_KEPT))
    session.execute(
        delete(HolderSignInPair).where(HolderSignInPair.last_failure_at < now - PAIR_KEPT)
    )
    session.execute(
        delete(HolderSignInClient).where(HolderSignInClient.window_started < now - PAIR_KEPT)
    )
    session.execute(
        delete(HolderSignInCertificate).where(
            HolderSignInCertificate.window_started < now - PAIR_KEPT
        )
    )
    session.execute(delete(HolderSession).where(HolderSession.expires_at < now))


def failure_record(session: Session, serial: str, client: str, now: dt.datetime) -> dict:
    """What the holder sees: the failed sign-ins on their certificate in the last 30 days,
    newest first (the latest 200), each client named by a number in that list (the address
    is not kept), and how many
    tries on it the back-off and the slowing turned away in its latest window."""
    recent = (HolderSignInFailure.serial == serial, HolderSignInFailure.at >= now - RECORD_KEPT)
    count, clients = session.execute(
        select(func.count(), func.count(distinct(HolderSignInFailure.client_hash))).where(*recent)
    ).one()
    found = session.execute(
        select(HolderSignInFailure.at, HolderSignInFailure.client_hash)
        .where(*recent)
        .order_by(HolderSignInFailure.at.desc(), HolderSignInFailure.id.desc())
        .limit(LISTED)
    ).all()
    numbers: dict[str, int] = {}
    for _, digest in reversed(found):
        numbers.setdefault(digest, len(numbers) + 1)
    counter = session.get(HolderSignInCertificate, serial)
    return {
        "count": count,
        "clients": clients,
        "refused": counter.refused if counter is not None else 0,
        "failures": [
            {"at": at, "client": numbers[digest], "this_client": digest == client}
            for at, digest in found
        ],
    }


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
