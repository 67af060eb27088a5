"""Signing a certificate's credentials again: same serial and facts, new signature.

Used when an appeal reinstates a certificate (it gets a new status list index) and when
a key is compromised (everything it signed since is signed again with the active key)."""

from __future__ import annotations

import datetime as dt

from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import sign_credential
from registry.certificates.models import Certificate
from registry.committees.specialties import issued_specialty
from registry.keys.issuer import Issuer
from registry.projection.certificates import project_certificate


def certificate_facts(
    session, certificate: Certificate, status_base_url: str | None
) -> CertificateFacts:
    """What the stored certificate says, as its credential states it: the specialty under
    the name it had when the certificate was issued."""
    return CertificateFacts(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        level=certificate.level,
        specialty_code=certificate.specialty.code,
        specialty_name=issued_specialty(session, certificate)["name_zh"],
        committee_code=certificate.committee.code,
        committee_name=certificate.committee.name_zh,
        decision_number=certificate.decision_number,
        decision_date=certificate.decision_date,
        evaluation_track=certificate.evaluation_track,
        issued_at=certificate.issued_at,
        route=certificate.route,
        route_basis=certificate.route_basis,
        status_index=certificate.status_index,
        status_base_url=status_base_url if certificate.status_index is not None else None,
    )


def resign_certificate(
    session, certificate: Certificate, issuer: Issuer, now: dt.datetime
) -> tuple[str, str]:
    """New credential and QR token under the issuer's key; returns (old kid, new kid)."""
    facts = certificate_facts(session, certificate, issuer.verify_base_url)
    old_kid = certificate.kid
    certificate.credential = sign_credential(
        full_credential(facts, issuer.issuer_id, issuer.issuer_name), issuer.signer
    )
    certificate.qr_token = sign_credential(qr_credential(facts, issuer.issuer_id), issuer.signer)
    certificate.kid = issuer.signer.kid
    certificate.signed_at = now
    session.flush()
    project_certificate(session, certificate, now)
    return old_kid, certificate.kid
