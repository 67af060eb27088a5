"""The public projection of certificates: written inside the transaction of every change
(issuance, status decisions, re-signing), by these functions only.

Each row carries ``public_record``: the registry's signature (``typ`` public-record+jwt) over
the row's public fields (``certs.credential.model.public_record``), made again whenever the
row is written. It replaces the credentials the row used to carry: those name the holder in
full, and verify's tables hold no full name."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from certs.credential.jose import b64url_decode
from certs.credential.model import public_record_of
from certs.credential.sign import Signer, sign_public_record
from certs.levels import get_level
from certs.names import mask_name
from certs.revocation import reason_class
from registry.certificates.models import Certificate
from registry.committees.models import Committee
from registry.committees.specialties import issued_specialty
from registry.keys.models import SigningKey
from registry.projection.models import PublicCertificate

HISTORICAL_BODY_EN = "Issuing body as written on the original certificate"


def add_public_certificates(session: Session, certificates: list[dict], signer: Signer) -> None:
    """Newly issued certificates' rows, in bulk (``public_values`` arguments each), each
    with its public record signed by ``signer``."""
    rows = [signed_row(public_values(**values), signer) for values in certificates]
    if rows:
        session.execute(insert(PublicCertificate.__table__), rows)


def project_certificate(
    session: Session,
    certificate: Certificate,
    signer: Signer,
    now: dt.datetime,
    decision: tuple[str, dt.date] | None = None,
) -> None:
    """The certificate's row as it stands now, its public record signed again by ``signer``;
    ``decision`` is the number and effective date of the status decision that changed it,
    when one did."""
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
        kid=certificate.kid,
        status_index=certificate.status_index,
        signed_at=certificate.signed_at or certificate.issued_at,
        now=now,
        original_number=certificate.original_number,
        import_source=certificate.import_source,
        issuing_body=certificate.issuing_body,
    )
    values = signed_row(values, signer)
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
    kid: str,
    status_index: int | None,
    signed_at: dt.datetime,
    now: dt.datetime,
    original_number: str | None = None,
    import_source: str | None = None,
    issuing_body: str | None = None,
) -> dict:
    """A certificate's public projection row: only what anyone may see (unsigned: see
    ``signed_row``). An imported title names the body that issued its original, as written
    then, in the committee's place, and carries its original number and source."""
    title = get_level(level)
    committee_zh, committee_en = committee.name_zh, committee.name_en
    if issuing_body is not None:
        committee_zh, committee_en = issuing_body, HISTORICAL_BODY_EN
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
        "committee_name_zh": committee_zh,
        "committee_name_en": committee_en,
        "decision_number": decision_number,
        "decision_date": decision_date,
        "evaluation_track": evaluation_track,
        "evaluation_method": evaluation_method,
        "route": route,
        "issued_at": issued_at,
        "status": status,
        "kid": kid,
        "status_index": status_index,
        "signed_at": signed_at,
        "updated_at": now,
        "original_number": original_number,
        "import_source": import_source,
    }


def signed_row(values: dict, signer: Signer) -> dict:
    """A projection row with its public record: the registry's signature over the row's
    public fields, as verify will read them back."""
    return {**values, "public_record": sign_public_record(public_record_of(values), signer)}


def resign_public_records(
    session: Session,
    signer: Signer,
    now: dt.datetime,
    *,
    everything: bool = False,
    after: str = "",
    limit: int = 1000,
) -> tuple[int, str | None]:
    """Write public rows again from the registry's own certificates, their records signed
    with ``signer``, in serial order from after ``after``, at most ``limit`` certificates:
    rows without a record (from before migration 0021), rows whose record a compromised key
    signed at or after its compromise, or, with ``everything``, every row. Rebuilt from the
    private tables, not from the row: a row altered behind the registry's back is put right,
    never signed as it stands. Returns how many rows were signed and the last serial looked
    at (None at the end)."""
    found = session.execute(
        select(Certificate, PublicCertificate)
        .join(PublicCertificate, PublicCertificate.serial == Certificate.serial)
        .where(Certificate.serial > after)
        .order_by(Certificate.serial)
        .limit(limit)
    ).all()
    compromised = dict(
        session.execute(
            select(SigningKey.kid, SigningKey.compromised_since).where(
                SigningKey.status == "compromised"
            )
        ).all()
    )
    signed = 0
    for certificate, row in found:
        if everything or _needs_signing(row, compromised):
            project_certificate(session, certificate, signer, now)
            signed += 1
    return signed, found[-1][0].serial if len(found) == limit else None


def _needs_signing(row: PublicCertificate, compromised: dict[str, dt.datetime | None]) -> bool:
    if not row.public_record:
        return True
    kid = record_kid(row.public_record)
    if kid not in compromised:
        return False
    since = compromised[kid]
    return since is None or row.updated_at >= since


def record_kid(token: str) -> str | None:
    """The key a public record names in its header."""
    try:
        header = json.loads(b64url_decode(token.split(".", 1)[0]))
    except ValueError:
        return None
    return header.get("kid") if isinstance(header, dict) else None


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
