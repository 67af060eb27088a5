"""Issuing one certificate outside a batch (a recognition, or a re-issue after an error:
certificates.reissue), and reading certificates back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.decisions import decision_date_errors
from certs.errors import ConflictError, FieldError, ForbiddenError, InvalidInputError, NotFoundError
from certs.evaluation import REVIEW
from certs.levels import get_level
from certs.routes import GROUNDS, TECHNICAL_SCHOOL_CLASSES, route_errors
from certs.serials import parse_serial
from registry.audit.services import Actor
from registry.certificates.models import HELD_STATUSES, Certificate, Holder
from registry.certificates.pipeline import Grant, HolderIdentity, SpecialtyNames, issue
from registry.clients.models import ApiClient
from registry.committees.authority import (
    DECIDED,
    authority_errors,
    committee_dated_errors,
    scope_dated_errors,
)
from registry.committees.models import Committee, Specialty
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
    refuse_if_held(session, holder.id_hash, request["level"])
    grant = grant_for(request, holder, SpecialtyNames.of(specialty), committee)
    [issued] = issue(session, [grant], issuer, Actor.of_client(client), client.id, protector, now)
    certificate = session.get_one(Certificate, issued.id)
    certificate.access_code = issued.access_code
    return certificate


def grant_for(
    request: dict,
    holder: HolderIdentity,
    specialty: SpecialtyNames,
    committee: Committee,
    audit_detail: dict[str, str] | None = None,
) -> Grant:
    """What the checked request grants the person."""
    return Grant(
        holder=holder,
        holder_name=request["holder_name"],
        level=request["level"],
        specialty=specialty,
        committee=committee,
        decision_number=request["decision_number"],
        decision_date=request["decision_date"],
        evaluation_track=request["evaluation_track"],
        evaluation_method=request.get("evaluation_method", REVIEW),
        route=request.get("route", "regular"),
        route_basis=request.get("route_basis"),
        route_ground=request.get("route_ground"),
        technical_school_class=request.get("technical_school_class"),
        audit_detail=audit_detail or {},
    )


def refuse_if_held(session: Session, id_hash: str, level: str, but: int | None = None) -> None:
    """One held title per person and level (``but``: a certificate being replaced)."""
    if _holds_level(session, id_hash, level, but):
        raise ConflictError(
            "This person already holds a valid certificate at this level.",
            "此人已持有该层级的有效职称证书。",
        )


def _check_authority(session: Session, client: ApiClient, request: dict, now: dt.datetime):
    """The committee's authority today and on the decision date, the decision date itself,
    and the route: every reason at once (unknown codes and a foreign committee first)."""
    committee = committee_by_code(session, request["committee_code"])
    specialty = specialty_by_code(session, request["specialty_code"])
    today, level = beijing_date(now), request["level"]
    errors = authority_errors(session, committee, specialty, level, today)
    unknown = [error for error in errors if error.code.startswith("unknown_")]
    if unknown or committee is None or specialty is None:  # a None is among the unknown
        raise InvalidInputError(errors=unknown)
    if client.role == "committee" and client.committee_id != committee.id:
        raise ForbiddenError(
            "A committee token may issue only for its own committee.",
            "评审委员会令牌只能以本委员会名义发证。",
        )
    errors.extend(decision_errors(session, committee, specialty, request, today, errors))
    errors.extend(route_errors(level, request.get("route", "regular"), request.get("route_ground")))
    if errors:
        raise InvalidInputError(errors=errors)
    return committee, specialty


def decision_errors(
    session: Session,
    committee: Committee,
    specialty: Specialty,
    request: dict,
    today: dt.date,
    refused_today: list[FieldError],
) -> list[FieldError]:
    """The decision date, and the committee's authority on it (when it may act today: a
    committee that cannot is refused for that first)."""
    decided, level = request["decision_date"], request["level"]
    errors = decision_date_errors(level, decided, today)
    if decided > today:  # the committee on a day yet to come is no question
        return errors
    if not any(error.field == "committee_code" for error in refused_today):
        errors.extend(committee_dated_errors(session, committee, decided, DECIDED))
    errors.extend(scope_dated_errors(session, committee, specialty, level, decided, DECIDED))
    return errors


def _holds_level(session: Session, id_hash: str, level: str, but: int | None) -> bool:
    return (
        session.scalar(
            select(Certificate.id)
            .join(Holder, Holder.id == Certificate.holder_id)
            .where(
                Holder.id_number_hash == id_hash,
                Certificate.level == level,
                Certificate.status.in_(HELD_STATUSES),
                Certificate.id != (but or 0),
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


def ground_of(code: str | None) -> dict[str, object] | None:
    """A route's ground as an answer shows it: code, clause and the policy's words."""
    return GROUNDS[code].as_dict() if code else None


def school_class_of(code: str | None) -> dict[str, str] | None:
    return TECHNICAL_SCHOOL_CLASSES[code].as_dict() if code else None
