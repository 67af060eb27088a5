"""Issuing one certificate outside a batch, and reading certificates back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs import qr
from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import sign_credential
from certs.dates import beijing_date
from certs.errors import ConflictError, FieldError, ForbiddenError, InvalidInputError, NotFoundError
from certs.idcard import mask_id_number
from certs.levels import get_level
from certs.serials import generate_serial, parse_serial
from registry.audit.services import Actor, Change, record
from registry.certificates.models import HELD_STATUSES, Certificate, Holder
from registry.clients.models import ApiClient
from registry.committees.authority import authority_errors
from registry.committees.services import committee_by_code, specialty_by_code
from registry.holders.access import grant_access_code
from registry.keys.issuer import Issuer
from registry.projection.certificates import project_certificate
from registry.protect import IdNumberProtector
from registry.revocation.integrity import refuse_if_barred
from registry.revocation.status_lists import (
    StatusListPublisher,
    allocate_status_indexes,
    ensure_status_lists,
)


def issue_certificate(
    session: Session,
    client: ApiClient,
    request: dict,
    issuer: Issuer,
    protector: IdNumberProtector,
    now: dt.datetime,
) -> Certificate:
    committee, specialty = _check_authority(session, client, request, now)
    # Barred on the day the committee decided or on the day of issue: either way, no title.
    refuse_if_barred(
        session,
        protector.lookup_hash(request["holder_id_number"]),
        (request["decision_date"], beijing_date(now)),
    )
    holder = _holder(session, protector, request["holder_id_number"], now)
    if holder.id is not None and _holds_level(session, holder.id, request["level"]):
        raise ConflictError(
            "This person already holds a valid certificate at this level.",
            "此人已持有该层级的有效职称证书。",
        )
    serial = generate_serial()
    status_index = allocate_status_indexes(session, 1)[0]
    facts = CertificateFacts(
        serial=serial,
        holder_name=request["holder_name"],
        level=request["level"],
        specialty_code=specialty.code,
        specialty_name=specialty.name_zh,
        committee_code=committee.code,
        committee_name=committee.name_zh,
        decision_number=request["decision_number"],
        decision_date=request["decision_date"],
        evaluation_track=request["evaluation_track"],
        issued_at=now,
        route=request.get("route", "regular"),
        route_basis=request.get("route_basis"),
        status_index=status_index,
        status_base_url=issuer.verify_base_url,
    )
    qr_token = sign_credential(qr_credential(facts, issuer.issuer_id), issuer.signer)
    if not qr.fits(qr.qr_text(issuer.verify_base_url, qr_token)):
        raise InvalidInputError(
            errors=[
                FieldError(
                    "holder_name",
                    "too_long_for_qr",
                    "The name is too long to fit a printable QR code.",
                    "姓名过长，二维码无法容纳。",
                )
            ]
        )
    certificate = Certificate(
        serial=serial,
        holder=holder,
        holder_name=facts.holder_name,
        level=facts.level,
        specialty=specialty,
        committee=committee,
        decision_number=facts.decision_number,
        decision_date=facts.decision_date,
        evaluation_track=facts.evaluation_track,
        route=facts.route,
        route_basis=facts.route_basis,
        status="valid",
        issued_at=now,
        issued_by=client.id,
        kid=issuer.signer.kid,
        credential=sign_credential(
            full_credential(facts, issuer.issuer_id, issuer.issuer_name), issuer.signer
        ),
        qr_token=qr_token,
        status_index=status_index,
        signed_at=now,
    )
    session.add(certificate)
    session.flush()
    project_certificate(session, certificate, now)
    # Shown once, in the issuance answer, for the issuer to hand to the holder.
    certificate.access_code = grant_access_code(session, certificate, protector, now)
    detail = {"level": facts.level, "committee": committee.code, "kid": issuer.signer.kid}
    record(
        session,
        Actor.of_client(client),
        Change("certificate.issue", "certificate", serial, detail=detail),
        now,
    )
    # After record(): writers are serialised on the audit head, so only one makes the lists.
    ensure_status_lists(session, StatusListPublisher.of(issuer), now)
    return certificate


def _check_authority(session: Session, client: ApiClient, request: dict, now: dt.datetime):
    committee = committee_by_code(session, request["committee_code"])
    specialty = specialty_by_code(session, request["specialty_code"])
    on = beijing_date(now)
    errors = authority_errors(session, committee, specialty, request["level"], on)
    unknown = [error for error in errors if error.code.startswith("unknown_")]
    if unknown:
        raise InvalidInputError(errors=unknown)
    if client.role == "committee" and client.committee_id != committee.id:
        raise ForbiddenError(
            "A committee token may issue only for its own committee.",
            "评审委员会令牌只能以本委员会名义发证。",
        )
    if errors:
        raise InvalidInputError(errors=errors)
    return committee, specialty


def _holder(
    session: Session, protector: IdNumberProtector, id_number: str, now: dt.datetime
) -> Holder:
    digest = protector.lookup_hash(id_number)
    holder = session.scalar(select(Holder).where(Holder.id_number_hash == digest))
    if holder is None:
        holder = Holder(
            id_number_hash=digest,
            id_number_encrypted=protector.encrypt(id_number),
            id_number_masked=mask_id_number(id_number),
            created_at=now,
        )
        session.add(holder)
    return holder


def _holds_level(session: Session, holder_id: int, level: str) -> bool:
    return (
        session.scalar(
            select(Certificate.id)
            .where(
                Certificate.holder_id == holder_id,
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
