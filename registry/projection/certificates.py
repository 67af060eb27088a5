"""The public projection of certificates: written inside the transaction of every change
(issuance, status decisions, re-signing), by these functions only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy.orm import Session

from certs.levels import get_level
from certs.names import mask_name
from certs.revocation import reason_class
from registry.certificates.models import Certificate
from registry.committees.models import Committee
from registry.committees.specialties import issued_specialty
from registry.projection.models import PublicCertificate


def add_public_certificates(session: Session, certificates: list[dict]) -> None:
    """Newly issued certificates' rows, in bulk (``public_values`` arguments each)."""
    rows = [public_values(**values) for values in certificates]
    if rows:
        session.execute(insert(PublicCertificate.__table__), rows)


def project_certificate(
    session: Session,
    certificate: Certificate,
    now: dt.datetime,
    decision: tuple[str, dt.date] | None = None,
) -> None:
    """The certificate's row as it stands now; ``decision`` is the number and effective date
    of the status decision that changed it, when one did."""
    values = public_values(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        level=certificate.level,
        specialty=issued_specialty(session, certificate),
        committee=certificate.committee,
        decision_number=certificate.decision_number,
        decision_date=certificate.decision_date,
        evaluation_track=certificate.evaluation_track,
        evaluation_method=certificate.evaluation_method,
        route=certificate.route,
        issued_at=certificate.issued_at,
        status=certificate.status,
        credential=certificate.credential,
        qr_token=certificate.qr_token,
        kid=certificate.kid,
        status_index=certificate.status_index,
        signed_at=certificate.signed_at or certificate.issued_at,
        now=now,
    )
    row = session.get(PublicCertificate, certificate.serial) or PublicCertificate()
    for name, value in values.items():
        setattr(row, name, value)
    row.status_reason = reason_class(certificate.status_reason)
    row.status_changed_at = certificate.status_changed_at
    if decision is not None:
        row.status_decision_number, row.status_effective_date = decision
    session.add(row)
    session.flush()


def public_values(
    *,
    serial: str,
    holder_name: str,
    level: str,
    specialty: dict,  # code, name_zh, name_en: the names as issued
    committee: Committee,
    decision_number: str,
    decision_date: dt.date,
    evaluation_track: str,
    evaluation_method: str,
    route: str,
    issued_at: dt.datetime,
    status: str,
    credential: str,
    qr_token: str,
    kid: str,
    status_index: int | None,
    signed_at: dt.datetime,
    now: dt.datetime,
) -> dict:
    """A certificate's public projection row: only what anyone may see."""
    title = get_level(level)
    return {
        "serial": serial,
        "masked_name": mask_name(holder_name),
        "level": title.code,
        "title_zh": title.title_zh,
        "title_en": title.title_en,
        "specialty_code": specialty["code"],
        "specialty_name_zh": specialty["name_zh"],
        "specialty_name_en": specialty["name_en"],
        "committee_code": committee.code,
        "committee_name_zh": committee.name_zh,
        "committee_name_en": committee.name_en,
        "decision_number": decision_number,
        "decision_date": decision_date,
        "evaluation_track": evaluation_track,
        "evaluation_method": evaluation_method,
        "route": route,
        "issued_at": issued_at,
        "status": status,
        "credential": credential,
        "qr_token": qr_token,
        "kid": kid,
        "status_index": status_index,
        "signed_at": signed_at,
        "updated_at": now,
    }


def public_status(
    session: Session, serial: str
) -> tuple[str | None, dt.date | dt.datetime | None, str | None]:
    """The reason class, the date a certificate's status is dated from (the effective date of
    the decision, else when it was recorded) and the decision's number, as the public sees
    them."""
    public = session.get(PublicCertificate, serial)
    if public is None:
        return None, None, None
    since = public.status_effective_date or public.status_changed_at
    return public.status_reason, since, public.status_decision_number
