"""Finding an imported title by its original number and the holder's full name.

Old numbers are often sequential and repeat across issuing bodies, so a number alone finds
nothing: the keyed hash of number and full name (``services.original_lookup_hash``, both
normalised for spaces, full-width characters and case) is the only way in, and every match
is answered as the same masked record verify shows. Each client address (a keyed hash of it,
the address is not kept) has a number of look-ups an hour, counted by one atomic statement
before the inputs are looked at, so concurrent tries never pass the limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from sqlalchemy import case, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from certs.dates import as_utc, beijing_date
from certs.errors import TooManyAttemptsError
from certs.names import mask_name
from certs.register_import import parse_source, source_label
from certs.status_text import StatusText, status_text
from registry.certificates.models import Certificate
from registry.certificates.services import title_of
from registry.db import UTCDateTime
from registry.imports.models import OriginalNumberClient
from registry.imports.services import original_lookup_hash
from registry.projection.certificates import public_status
from registry.protect import IdNumberProtector

WINDOW = dt.timedelta(hours=1)
MAX_MATCHES = 20  # one person, one number: more would be a bug in the register, not a search
CLIENTS = OriginalNumberClient.__table__


class TooManyLookupsError(TooManyAttemptsError):
    """Past the client's look-ups for the hour; ``retry_after`` whole seconds to wait."""

    def __init__(self, wait: dt.timedelta):
        self.retry_after = max(1, math.ceil(wait.total_seconds()))
        super().__init__(
            f"Too many look-ups from this address; try again in {self.retry_after} seconds.",
            f"查询次数过多，请 {self.retry_after} 秒后再试。",
        )


@dataclass(frozen=True)
class Match:
    """An imported title as anyone may see it."""

    serial: str
    masked_name: str
    title_zh: str
    title_en: str
    specialty: str  # as written then
    issuing_body: str  # as written then
    decision_date: dt.date
    original_number: str
    source_zh: str
    source_en: str
    status_code: str  # valid, suspended, revoked, ...
    status: StatusText


def lookup_client_hash(protector: IdNumberProtector, address: str) -> str:
    """Clients are counted by a keyed hash of their address; the address is not kept."""
    key = hashlib.sha256(protector.access_key + b"original-number client v1").digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def claim_lookup(session: Session, client: str, now: dt.datetime, per_hour: int) -> None:
    """Count one look-up of ``client``, or refuse it when the client used up its hour."""
    at_now = literal(now, UTCDateTime())
    expired = CLIENTS.c.window_started <= literal(now - WINDOW, UTCDateTime())
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        upsert(CLIENTS)
        .values(client_hash=client, tries=1, window_started=now)
        .on_conflict_do_update(
            index_elements=[CLIENTS.c.client_hash],
            set_={
                "tries": case((expired, 1), else_=CLIENTS.c.tries + 1),
                "window_started": case((expired, at_now), else_=CLIENTS.c.window_started),
            },
            where=or_(expired, CLIENTS.c.tries < per_hour),
        )
        .returning(CLIENTS.c.tries)
    )
    if session.execute(statement).first() is None:
        started = session.scalar(
            select(CLIENTS.c.window_started).where(CLIENTS.c.client_hash == client)
        )
        raise TooManyLookupsError(as_utc(started or now) + WINDOW - now)


def find_by_original_number(
    session: Session, protector: IdNumberProtector, number: str, full_name: str
) -> list[Match]:
    """Every imported title with this original number and holder, masked."""
    if not number.strip() or not full_name.strip():
        return []
    digest = original_lookup_hash(protector, number, full_name)
    found = session.scalars(
        select(Certificate)
        .where(Certificate.original_lookup_hash == digest)
        .order_by(Certificate.decision_date, Certificate.id)
        .limit(MAX_MATCHES)
    )
    return [_match(session, certificate) for certificate in found]


def _match(session: Session, certificate: Certificate) -> Match:
    reason, since, _ = public_status(session, certificate.serial)
    title_zh, title_en = title_of(certificate)
    source_zh, source_en = source_label(*parse_source(certificate.import_source or ""))
    return Match(
        serial=certificate.serial,
        masked_name=mask_name(certificate.holder_name),
        title_zh=title_zh,
        title_en=title_en,
        specialty=certificate.specialty_as_written or "",
        issuing_body=certificate.issuing_body or "",
        decision_date=certificate.decision_date,
        original_number=certificate.original_number or "",
        source_zh=source_zh,
        source_en=source_en,
        status_code=certificate.status,
        status=status_text(certificate.status, reason, _date(since)),
    )


def _date(since: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(since, dt.datetime):
        return beijing_date(since)
    return since
