"""Issuing one certificate outside a batch, and reading certificates back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from certs.evaluation import REVIEW
from certs.levels import get_level
from certs.serials import parse_serial
from registry.audit.services import Actor
from registry.certificates.models import HELD_STATUSES, Certificate, Holder
from registry.certificates.pipeline import Grant, HolderIdentity, SpecialtyNames, issue
from registry.clients.models import ApiClient
from registry.committees.authority import authority_errors
from registry.committees.services import committee_by_code, specialty_by_code
from registry.keys.issuer import Issuer
from registry.protect import IdNumberProtector
from registry.revocation.integrity import refuse_if_barred


def issue_certificate(
    session: Session,
    client: ApiClient,
    request: dict,
    issuer: Issuer,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> Certificate:
    """One certificate outside a batch: the checks, then the issuance pipeline. The answer
    carries the access code, shown this once."""
    committee, specialty = _check_authority(session, client, request, now)
    holder = HolderIdentity.of(protector, request["holder_id_number"])
    # Barred on the day the committee decided or on the day of issue: either way, no title.
    refuse_if_barred(session, holder.id_hash, (request["decision_date"], beijing_date(now)))
    if _holds_level(session, holder.id_hash, request["level"]):
        raise ConflictError(
            "This person already holds a valid certificate at this level.",
            "此人已持有该层级的有效职称证书。",
        )
    grant = Grant(
        holder=holder,
        holder_name=request["holder_name"],
        level=request["level"],
        specialty=SpecialtyNames.of(specialty),
        committee=committee,
        decision_number=request["decision_number"],
        decision_date=request["decision_date"],
        evaluation_track=request["evaluation_track"],
        evaluation_method=request.get("evaluation_method", REVIEW),
        route=request.get("route", "regular"),
        route_basis=request.get("route_basis"),
    )
    [issued] = issue(session, [grant], issuer, Actor.of_client(client), client.id, protector, now)
    certificate = session.get_one(Certificate, issued.id)
    certificate.access_code = issued.access_code
    return certificate


def _check_authority(session: Session, client: ApiClient, request: dict, now: dt.datetime):
    committee = committee_by_code(session, request["committee_code"])
    specialty = specialty_by_code(session, request["specialty_code"])
    on = beijing_date(now)
    errors = authority_errors(session, committee, specialty, request["level"], on)
    unknown = [error for error in errors if error.code.startswith("unknown_")]
    if unknown or committee is None or specialty is None:  # a None is among the unknown
        raise InvalidInputError(errors=unknown)
    if client.role == "committee" and client.committee_id != committee.id:
        raise ForbiddenError(
            "A committee token may issue only for its own committee.",
            "评审委员会令牌只能以本委员会名义发证。",
        )
    if errors:
        raise InvalidInputError(errors=errors)
    return committee, specialty


def _holds_level(session: Session, id_hash: str, level: str) -> bool:
    return (
        session.scalar(
            select(Certificate.id)
            .join(Holder, Holder.id == Certificate.holder_id)
            .where(
                Holder.id_number_hash == id_hash,
                Certificate.level == level,
                Certificate.status.in_(HELD_STATUSES),
            )
            .limit(1)
        )
        is not None
    )


def get_certificate(session: Session, client: ApiClient, serial_text: str) -> Certificate:
    serial = parse_serial(serial_text)
    certificate = session.scalar(select(Certificate).where(Certificate.serial == serial))
    # A committee sees only its own certificates; others look just like unknown ones.
    if certificate is None or (
        client.role == "committee" and certificate.committee_id != client.committee_id
    ):
        raise NotFoundError(f"No certificate {serial}.", f"没有编号为 {serial} 的证书。")
    return certificate


def title_of(certificate: Certificate) -> tuple[str, str]:
    level = get_level(certificate.level)
    return level.title_zh, level.title_en
