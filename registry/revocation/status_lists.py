"""Status list indexes and the published Bitstring Status List credentials.

Indexes are drawn at random from the whole list, never in issue order. A list starts at
the spec's minimum of 131,072 entries and doubles whenever it would be more than half
full, so a random draw almost always lands on a free index at the first try; the length
is a function of the largest index in use, so the allocator and the publisher agree on
it without a setting. Revocation is final in the spec's sense: when an appeal reinstates
a certificate it gets a new index, and its old index stays set in the revocation list
for whoever still holds the old credential.

The issuance pipeline (``registry.certificates.pipeline``) calls ``allocate_status_indexes``
once for all it issues; the signed lists are written through ``registry.projection``."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from certs.credential.jose import b64url_decode
from certs.credential.sign import Signer, sign_credential
from certs.credential.status_list import (
    MIN_ENTRIES,
    PURPOSES,
    encode_list,
    list_length,
    status_list_credential,
)
from registry.certificates.models import Certificate
from registry.projection.status_lists import (
    lock_status_lists,
    published_status_list,
    write_status_list,
)
from registry.revocation.models import StatusChange

STATUS_OF_PURPOSE = {"revocation": "revoked", "suspension": "suspended"}


_DRAWS_PER_ROUND = 64


def list_size(highest_index: int | None, in_use: int = 0) -> int:
    """Entries in the lists: room for ``highest_index``, and at most half full."""
    size = MIN_ENTRIES
    while size <= (highest_index if highest_index is not None else -1) or in_use * 2 > size:
        size *= 2
    return size


def _used_count_and_highest(session: Session) -> tuple[int, int | None]:
    used, highest = session.execute(
        select(func.count(Certificate.status_index), func.max(Certificate.status_index))
    ).one()
    retired, retired_highest = session.execute(
        select(
            func.count(StatusChange.retired_status_index),
            func.max(StatusChange.retired_status_index),
        )
    ).one()
    tops = [value for value in (highest, retired_highest) if value is not None]
    return used + retired, max(tops) if tops else None


def _taken(session: Session, candidates: set[int]) -> set[int]:
    held = session.scalars(
        select(Certificate.status_index).where(Certificate.status_index.in_(candidates))
    )
    retired = session.scalars(
        select(StatusChange.retired_status_index).where(
            StatusChange.retired_status_index.in_(candidates)
        )
    )
    # IN never matches NULL, so no index here is None; the check says so to the type checker.
    return {index for index in (*held, *retired) if index is not None}


def allocate_status_indexes(session: Session, count: int) -> list[int]:
    """``count`` distinct free indexes, drawn at random (a CSPRNG) over the whole list."""
    in_use, highest = _used_count_and_highest(session)
    size = list_size(highest, in_use + count)
    chosen: list[int] = []
    while len(chosen) < count:
        wanted = count - len(chosen)
        candidates = {secrets.randbelow(size) for _ in range(wanted + _DRAWS_PER_ROUND)}
        candidates -= set(chosen)
        free = sorted(candidates - _taken(session, candidates))
        # sorted() then shuffled: the order handed out carries no meaning either.
        secrets.SystemRandom().shuffle(free)
        chosen.extend(free[:wanted])
    return chosen


@dataclass(frozen=True)
class StatusListPublisher:
    """Who signs the lists, in whose name, where they live, how long they may be cached."""

    signer: Signer
    issuer_id: str
    base_url: str
    ttl_seconds: int

    @classmethod
    def of(cls, issuer) -> StatusListPublisher:
        """Lists are signed by the certificates' issuer (``registry.keys.issuer.Issuer``)."""
        return cls(
            issuer.signer, issuer.issuer_id, issuer.verify_base_url, issuer.status_list_ttl_seconds
        )


def _set_indexes(session: Session, purpose: str) -> list[int]:
    current = session.scalars(
        select(Certificate.status_index).where(
            Certificate.status == STATUS_OF_PURPOSE[purpose],
            Certificate.status_index.is_not(None),
        )
    )
    indexes = list(current)
    if purpose == "revocation":
        indexes += session.scalars(
            select(StatusChange.retired_status_index).where(
                StatusChange.retired_status_index.is_not(None)
            )
        )
    # Both queries exclude NULL; the check says so to the type checker.
    return [index for index in indexes if index is not None]


def publish_status_lists(
    session: Session, publisher: StatusListPublisher, now: dt.datetime
) -> list[str]:
    """Rebuild and sign every list from the certificates' statuses, in the caller's
    transaction: readers see the previous lists until it commits."""
    lock_status_lists(session)
    in_use, highest = _used_count_and_highest(session)
    size = list_size(highest, in_use)
    published = []
    for purpose in PURPOSES:
        credential = status_list_credential(
            publisher.base_url,
            purpose,
            encode_list(_set_indexes(session, purpose), size),
            publisher.issuer_id,
            now,
            publisher.ttl_seconds,
        )
        token = sign_credential(credential, publisher.signer)
        write_status_list(session, purpose, token, publisher.ttl_seconds, now)
        published.append(purpose)
    session.flush()
    return published


def ensure_status_lists(session: Session, publisher: StatusListPublisher, now: dt.datetime):
    """Publish the lists if they are not there yet (the first certificate points at them),
    or again when an index handed out lies beyond the published lists: the allocator
    doubles the length once half of it is used, and a credential must never point past
    the end of its list."""
    published = published_status_list(session, PURPOSES[0])
    if published is None or _beyond(published, _highest_index(session)):
        publish_status_lists(session, publisher, now)


def _highest_index(session: Session) -> int:
    highest = session.scalar(select(func.max(Certificate.status_index)))
    retired = session.scalar(select(func.max(StatusChange.retired_status_index)))
    return max((value for value in (highest, retired) if value is not None), default=-1)


def _beyond(row, index: int) -> bool:
    """Does ``index`` lie past the end of the published list? Every list holds at least
    the minimum, so only a larger index needs the list decoded."""
    if index < MIN_ENTRIES:
        return False
    payload = json.loads(b64url_decode(row.credential.split(".")[1]))
    return index >= list_length(payload["credentialSubject"]["encodedList"])
