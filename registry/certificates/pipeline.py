"""The one issuance pipeline: every certificate is made here, and signed again here.

Single issuance, batches, recognition, and re-signing after a key compromise or a
reinstatement all come through these functions:

1. ``grant_of`` / a caller's ``Grant``: what a decision grants one person;
2. ``build_facts``: the certificate's facts, the one shape both credentials are made from;
3. ``sign_facts``: the full credential and the QR token, signed with the issuer's key (a new
   certificate whose QR code would not print is refused);
4. ``issue``: status-list indexes, serials, holders, certificate rows, access codes, the
   public projection row (with its signed public record, never the credentials) and the
   audit record, all in the caller's transaction; the
   status lists are published when an index lies beyond them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from certs import qr
from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import sign_credential
from certs.errors import FieldError, InvalidInputError
from certs.idcard import mask_id_number
from certs.register_import import parse_source
from certs.serials import format_serial, generate_serial
from registry.audit.services import Actor, Change, record_many
from registry.certificates.models import Certificate, Holder
from registry.committees.models import Committee, Specialty
from registry.committees.specialties import issued_specialty
from registry.holders.access import add_access_codes, new_access_code
from registry.keys.issuer import Issuer
from registry.projection.certificates import add_public_certificates, project_certificate
from registry.protect import IdNumberProtector
from registry.revocation.status_lists import (
    StatusListPublisher,
    allocate_status_indexes,
    ensure_status_lists,
)

CHUNK = 500
TOO_LONG_FOR_QR = FieldError(
    "holder_name",
    "too_long_for_qr",
    "The name is too long to fit a printable QR code.",
    "姓名过长，二维码无法容纳。",
)


@dataclass(frozen=True)
class HolderIdentity:
    """A person as the registry keeps them: the ID number only encrypted, and its keyed hash."""

    id_hash: str
    id_encrypted: bytes
    id_masked: str

    @classmethod
    def of(cls, protector: IdNumberProtector, id_number: str) -> HolderIdentity:
        return cls(
            protector.lookup_hash(id_number),
            protector.encrypt(id_number),
            mask_id_number(id_number),
        )


@dataclass(frozen=True)
class SpecialtyNames:
    """A specialty as a certificate names it: its names when the certificate was issued."""

    id: int
    code: str
    name_zh: str
    name_en: str

    @classmethod
    def of(cls, specialty: Specialty) -> SpecialtyNames:
        """The specialty under its names now: those in force for a certificate issued now."""
        return cls(specialty.id, specialty.code, specialty.name_zh, specialty.name_en)


@dataclass(frozen=True)
class Registration:
    """What an imported title keeps of its original (``registry.imports``): its number and
    source, the issuing body and specialty as written then, and the keyed hash it is looked
    up by (original number and full name)."""

    original_number: str
    source: str  # certs.register_import.source_text: paper, paper:2015
    issuing_body: str
    specialty_as_written: str
    lookup_hash: str | None = None


@dataclass(frozen=True)
class Grant:
    """What a decision grants one person: everything a certificate says except its serial,
    its status-list index and the moment it is signed."""

    holder: HolderIdentity
    holder_name: str
    level: str
    specialty: SpecialtyNames
    committee: Committee
    decision_number: str
    decision_date: dt.date
    evaluation_track: str
    evaluation_method: str  # 评价方式 (certs.evaluation): each issuing path states its own
    route: str = "regular"
    route_basis: str | None = None
    route_ground: str | None = None
    technical_school_class: str | None = None
    row_number: int | None = None  # a batch row, for the issuer's list of access codes
    audit_detail: Mapping[str, str] = field(default_factory=dict)
    registration: Registration | None = None  # an imported title only


@dataclass(frozen=True)
class Signed:
    credential: str
    qr_token: str
    kid: str


@dataclass(frozen=True)
class Issued:
    id: int
    serial: str
    row_number: int | None
    holder_name: str
    level: str
    access_code: str  # for the issuer to hand over, grouped; only its hash is kept


def build_facts(
    grant: Grant,
    serial: str,
    status_index: int | None,
    issued_at: dt.datetime,
    status_base_url: str | None,
) -> CertificateFacts:
    """The certificate's facts: what both credentials and the PDF are made from. An
    imported title names its issuing body and specialty as its original wrote them."""
    registered = grant.registration
    source, year = parse_source(registered.source) if registered else (None, None)
    return CertificateFacts(
        serial=serial,
        holder_name=grant.holder_name,
        level=grant.level,
        specialty_code=grant.specialty.code,
        specialty_name=registered.specialty_as_written if registered else grant.specialty.name_zh,
        committee_code=grant.committee.code,
        committee_name=registered.issuing_body if registered else grant.committee.name_zh,
        decision_number=grant.decision_number,
        decision_date=grant.decision_date,
        evaluation_track=grant.evaluation_track,
        issued_at=issued_at,
        route=grant.route,
        route_basis=grant.route_basis,
        evaluation_method=grant.evaluation_method,
        status_index=status_index,
        status_base_url=status_base_url if status_index is not None else None,
        original_number=registered.original_number if registered else None,
        import_source=source,
        import_source_year=year,
    )


def sign_facts(facts: CertificateFacts, issuer: Issuer) -> Signed:
    """The full credential and the QR token, signed with the issuer's key."""
    credential = sign_credential(
        full_credential(facts, issuer.issuer_id, issuer.issuer_name), issuer.signer
    )
    return Signed(credential, _qr_token(facts, issuer), issuer.signer.kid)


def fits_qr(grant: Grant, issuer: Issuer) -> bool:
    """Would this grant's QR code print? A trial signing of the QR token alone, when a batch
    is submitted; that token carries no date, so the decision date stands in for the moment
    of issue."""
    moment = dt.datetime.combine(grant.decision_date, dt.time(), dt.UTC)
    return _prints(
        _qr_token(build_facts(grant, generate_serial(), None, moment, None), issuer), issuer
    )


def _qr_token(facts: CertificateFacts, issuer: Issuer) -> str:
    return sign_credential(qr_credential(facts, issuer.issuer_id), issuer.signer)


def _prints(qr_token: str, issuer: Issuer) -> bool:
    return qr.fits(qr.qr_text(issuer.verify_base_url, qr_token))


def _refuse_unprintable(grants: list[Grant], signed: list[Signed], issuer: Issuer) -> None:
    """A new certificate whose QR text is too long for a printable code is refused (its row
    named, in a batch); a certificate signed again is never refused for it."""
    errors = [
        dataclasses.replace(TOO_LONG_FOR_QR, row=grant.row_number)
        for grant, done in zip(grants, signed, strict=True)
        if not _prints(done.qr_token, issuer)
    ]
    if errors:
        raise InvalidInputError(errors=errors)


def issue(
    session: Session,
    grants: list[Grant],
    issuer: Issuer,
    actor: Actor,
    issued_by: int | None,
    protector: IdNumberProtector,
    now: dt.datetime,
    progress: Callable[[int], object] | None = None,
) -> list[Issued]:
    """Every grant as a signed certificate, in the caller's transaction."""
    holder_ids = _holder_ids(session, grants, now)
    indexes = iter(allocate_status_indexes(session, len(grants)))
    issued: list[Issued] = []
    for start in range(0, len(grants), CHUNK):
        chunk = grants[start : start + CHUNK]
        facts = [
            build_facts(g, generate_serial(), next(indexes), now, issuer.verify_base_url)
            for g in chunk
        ]
        signed = [sign_facts(f, issuer) for f in facts]
        _refuse_unprintable(chunk, signed, issuer)
        ids = _insert_certificates(session, chunk, facts, signed, holder_ids, issued_by, now)
        codes = [new_access_code(protector) for _ in chunk]
        add_access_codes(
            session, [(i, code_hash) for i, (_, code_hash) in zip(ids, codes, strict=True)], now
        )
        add_public_certificates(
            session,
            [_public(g, f, s, now) for g, f, s in zip(chunk, facts, signed, strict=True)],
            issuer.signer,
        )
        issued += [
            Issued(id_, f.serial, g.row_number, g.holder_name, g.level, format_serial(code))
            for id_, f, g, (code, _) in zip(ids, facts, chunk, codes, strict=True)
        ]
        if progress is not None:
            progress(len(chunk))
    record_many(
        session, actor, [_change(i, g, issuer) for i, g in zip(issued, grants, strict=True)], now
    )
    # After the audit records: writers are serialised on the audit head, so only one
    # publishes the lists.
    ensure_status_lists(session, StatusListPublisher.of(issuer), now)
    return issued


def grant_of(session: Session, certificate: Certificate) -> Grant:
    """A stored certificate's grant, its specialty under the name it had when issued."""
    names = issued_specialty(session, certificate)
    holder = certificate.holder
    return Grant(
        holder=HolderIdentity(
            holder.id_number_hash, holder.id_number_encrypted, holder.id_number_masked
        ),
        holder_name=certificate.holder_name,
        level=certificate.level,
        specialty=SpecialtyNames(
            certificate.specialty_id, names["code"], names["name_zh"], names["name_en"]
        ),
        committee=certificate.committee,
        decision_number=certificate.decision_number,
        decision_date=certificate.decision_date,
        evaluation_track=certificate.evaluation_track,
        evaluation_method=certificate.evaluation_method,
        route=certificate.route,
        route_basis=certificate.route_basis,
        route_ground=certificate.route_ground,
        technical_school_class=certificate.technical_school_class,
        registration=_registration_of(certificate),
    )


def _registration_of(certificate: Certificate) -> Registration | None:
    if certificate.original_number is None:
        return None
    return Registration(
        certificate.original_number,
        certificate.import_source or "",
        certificate.issuing_body or "",
        certificate.specialty_as_written or "",
        certificate.original_lookup_hash,
    )


def facts_of(
    session: Session, certificate: Certificate, status_base_url: str | None
) -> CertificateFacts:
    """What a stored certificate says, as its credentials state it."""
    return build_facts(
        grant_of(session, certificate),
        certificate.serial,
        certificate.status_index,
        certificate.issued_at,
        status_base_url,
    )


def resign_certificate(
    session: Session, certificate: Certificate, issuer: Issuer, now: dt.datetime
) -> tuple[str, str]:
    """New credential and QR token under the issuer's key, same serial and facts (after a
    key compromise, or a reinstatement under a new index); returns (old kid, new kid)."""
    signed = sign_facts(facts_of(session, certificate, issuer.verify_base_url), issuer)
    old_kid = certificate.kid
    certificate.credential, certificate.qr_token = signed.credential, signed.qr_token
    certificate.kid, certificate.signed_at = signed.kid, now
    session.flush()
    project_certificate(session, certificate, issuer.signer, now)
    return old_kid, certificate.kid


def _insert_certificates(session, grants, facts, signed, holder_ids, issued_by, now) -> list[int]:
    # Core inserts (the table, not the class): no ORM bookkeeping per row.
    rows = [
        {
            "serial": f.serial,
            "holder_id": holder_ids[g.holder.id_hash],
            "holder_name": g.holder_name,
            "level": g.level,
            "specialty_id": g.specialty.id,
            "committee_id": g.committee.id,
            "decision_number": g.decision_number,
            "decision_date": g.decision_date,
            "evaluation_track": g.evaluation_track,
            "evaluation_method": g.evaluation_method,
            "route": g.route,
            "route_basis": g.route_basis,
            "route_ground": g.route_ground,
            "technical_school_class": g.technical_school_class,
            "status": "valid",
            "issued_at": now,
            "issued_by": issued_by,
            "kid": s.kid,
            "credential": s.credential,
            "qr_token": s.qr_token,
            "status_index": f.status_index,
            "signed_at": now,
            **_registered_columns(g.registration),
        }
        for g, f, s in zip(grants, facts, signed, strict=True)
    ]
    statement = insert(Certificate.__table__).returning(
        Certificate.id, sort_by_parameter_order=True
    )
    return list(session.execute(statement, rows).scalars())


def _registered_columns(registered: Registration | None) -> dict:
    if registered is None:
        return {}
    return {
        "original_number": registered.original_number,
        "import_source": registered.source,
        "issuing_body": registered.issuing_body,
        "specialty_as_written": registered.specialty_as_written,
        "original_lookup_hash": registered.lookup_hash,
    }


def _public(grant: Grant, facts: CertificateFacts, signed: Signed, now: dt.datetime) -> dict:
    registered = grant.registration
    return {
        "serial": facts.serial,
        "holder_name": grant.holder_name,
        "level": grant.level,
        "specialty": {
            "code": grant.specialty.code,
            "name_zh": facts.specialty_name,
            "name_en": grant.specialty.name_en,
        },
        "committee": grant.committee,
        "decision_number": grant.decision_number,
        "decision_date": grant.decision_date,
        "evaluation_track": grant.evaluation_track,
        "evaluation_method": grant.evaluation_method,
        "route": grant.route,
        "issued_at": now,
        "status": "valid",
        "kid": signed.kid,
        "status_index": facts.status_index,
        "signed_at": now,
        "now": now,
        "original_number": registered.original_number if registered else None,
        "import_source": registered.source if registered else None,
        "issuing_body": registered.issuing_body if registered else None,
    }


def _change(issued: Issued, grant: Grant, issuer: Issuer) -> Change:
    detail = {
        **grant.audit_detail,
        "level": grant.level,
        "committee": grant.committee.code,
        "kid": issuer.signer.kid,
    }
    if grant.registration is not None:
        action = "certificate.import"
        detail |= {
            "original_number": grant.registration.original_number,
            "source": grant.registration.source,
        }
        return Change(action, "certificate", issued.serial, detail=detail)
    return Change("certificate.issue", "certificate", issued.serial, detail=detail)


def _holder_ids(session: Session, grants: list[Grant], now: dt.datetime) -> dict[str, int]:
    """Holder ids by ID-number hash, adding the people the registry does not know yet."""
    wanted = {grant.holder.id_hash: grant.holder for grant in grants}
    known: dict[str, int] = {}
    hashes = list(wanted)
    for start in range(0, len(hashes), CHUNK):
        chunk = hashes[start : start + CHUNK]
        known.update(
            session.execute(
                select(Holder.id_number_hash, Holder.id).where(Holder.id_number_hash.in_(chunk))
            ).all()
        )
    new = [
        {
            "id_number_hash": digest,
            "id_number_encrypted": holder.id_encrypted,
            "id_number_masked": holder.id_masked,
            "created_at": now,
        }
        for digest, holder in wanted.items()
        if digest not in known
    ]
    if new:
        statement = insert(Holder.__table__).returning(Holder.id_number_hash, Holder.id)
        known.update(session.execute(statement, new).all())
    return known
