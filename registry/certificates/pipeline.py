"""Signing a whole batch: every row becomes a certificate with its credential and QR
token, written in bulk with its public projection, in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import sign_credential
from certs.serials import format_serial, generate_serial
from registry.batches.models import BatchRow
from registry.certificates.models import Certificate, Holder
from registry.committees.models import Committee
from registry.holders.access import new_access_code
from registry.holders.models import HolderAccess
from registry.keys.issuer import Issuer
from registry.projection.certificates import public_values
from registry.projection.models import PublicCertificate
from registry.protect import IdNumberProtector
from registry.revocation.status_lists import allocate_status_indexes

CHUNK = 500


@dataclass(frozen=True)
class SignedCertificate:
    serial: str
    row_number: int
    holder_name: str
    level: str
    access_code: str  # for the issuer to hand over; only its hash is kept


def sign_certificates(
    session: Session,
    committee: Committee,
    rows: list[BatchRow],
    decision: dict,
    issuer: Issuer,
    caller,
    protector: IdNumberProtector,
    now: dt.datetime,
    progress=None,
) -> list[SignedCertificate]:
    holder_ids = _holders(session, rows, now)
    indexes = iter(allocate_status_indexes(session, len(rows)))
    issued_by = caller.client.id if caller.client is not None else None
    signed: list[SignedCertificate] = []
    for start in range(0, len(rows), CHUNK):
        certificates, public, codes = [], [], []
        for row in rows[start : start + CHUNK]:
            facts = _facts(row, committee, decision, now, next(indexes), issuer.verify_base_url)
            qr_token = sign_credential(qr_credential(facts, issuer.issuer_id), issuer.signer)
            credential = sign_credential(
                full_credential(facts, issuer.issuer_id, issuer.issuer_name), issuer.signer
            )
            certificates.append(
                {
                    "serial": facts.serial,
                    "holder_id": holder_ids[row.holder_id_hash],
                    "holder_name": row.holder_name,
                    "level": row.level,
                    "specialty_id": row.specialty_id,
                    "committee_id": committee.id,
                    "decision_number": facts.decision_number,
                    "decision_date": facts.decision_date,
                    "evaluation_track": row.evaluation_track,
                    "route": row.route,
                    "route_basis": row.route_basis,
                    "status": "valid",
                    "issued_at": now,
                    "issued_by": issued_by,
                    "kid": issuer.signer.kid,
                    "credential": credential,
                    "qr_token": qr_token,
                    "status_index": facts.status_index,
                    "signed_at": now,
                }
            )
            public.append(
                public_values(
                    serial=facts.serial,
                    holder_name=row.holder_name,
                    level=row.level,
                    specialty=_names(row.specialty),
                    committee=committee,
                    decision_number=facts.decision_number,
                    decision_date=facts.decision_date,
                    evaluation_track=row.evaluation_track,
                    route=row.route,
                    issued_at=now,
                    status="valid",
                    credential=credential,
                    qr_token=qr_token,
                    kid=issuer.signer.kid,
                    status_index=facts.status_index,
                    signed_at=now,
                    now=now,
                )
            )
            code, code_hash = new_access_code(protector)
            codes.append(code_hash)
            signed.append(
                SignedCertificate(
                    facts.serial, row.row_number, row.holder_name, row.level, format_serial(code)
                )
            )
        # Core inserts (the tables, not the classes): no ORM bookkeeping per row.
        ids = session.execute(
            insert(Certificate.__table__).returning(Certificate.id, sort_by_parameter_order=True),
            certificates,
        ).scalars()
        session.execute(
            insert(HolderAccess.__table__),
            [
                {"certificate_id": id_, "code_hash": code_hash, "updated_at": now}
                for id_, code_hash in zip(ids, codes, strict=True)
            ],
        )
        session.execute(insert(PublicCertificate.__table__), public)
        if progress is not None:
            progress(len(certificates))
    return signed


def _facts(
    row: BatchRow,
    committee: Committee,
    decision: dict,
    now: dt.datetime,
    status_index: int,
    status_base_url: str,
) -> CertificateFacts:
    return CertificateFacts(
        serial=generate_serial(),
        holder_name=row.holder_name,
        level=row.level,
        specialty_code=row.specialty.code,
        specialty_name=row.specialty.name_zh,
        committee_code=committee.code,
        committee_name=committee.name_zh,
        decision_number=decision["decision_number"],
        decision_date=decision["decision_date"],
        evaluation_track=row.evaluation_track,
        issued_at=now,
        route=row.route,
        route_basis=row.route_basis,
        status_index=status_index,
        status_base_url=status_base_url,
    )


def _holders(session: Session, rows: list[BatchRow], now: dt.datetime) -> dict[str, int]:
    """Holder ids by ID-number hash, adding the people the registry does not know yet."""
    wanted = {row.holder_id_hash: row for row in rows}
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
            "id_number_encrypted": row.holder_id_encrypted,
            "id_number_masked": row.holder_id_masked,
            "created_at": now,
        }
        for digest, row in wanted.items()
        if digest not in known
    ]
    if new:
        known.update(
            session.execute(
                insert(Holder.__table__).returning(Holder.id_number_hash, Holder.id), new
            ).all()
        )
    return known


def _names(specialty) -> dict:
    """The specialty's names now: the names in force at issuance (renames never lie ahead)."""
    return {"code": specialty.code, "name_zh": specialty.name_zh, "name_en": specialty.name_en}
