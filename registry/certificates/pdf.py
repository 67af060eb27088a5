"""The e-certificate PDF of a stored certificate, rendered and signed.

A certificate that is not valid has no plain PDF: whoever may fetch its PDF gets the copy
stamped with its status (``registry.certificates.downloads`` decides who may), still signed
by the bureau, so that it is a true record and verify's PDF check finds the certificate and
reports its status now."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from certs import qr
from certs.dates import beijing_date
from certs.pdf.render import StatusStamp, render_certificate
from certs.pdf.sign import sign_pdf
from registry.certificates.models import Certificate
from registry.certificates.pipeline import facts_of
from registry.keys.pdf import active_pdf_signer
from registry.keys.pdf_setup import pdf_parts
from registry.revocation.services import current_decision


def status_stamp(session: Session, certificate: Certificate) -> StatusStamp | None:
    """None for a valid certificate; otherwise the stamp its PDF carries: the status, the
    effective date and number of the decision it rests on."""
    if certificate.status == "valid":
        return None
    decision = current_decision(session, certificate)
    if decision is not None:
        return StatusStamp(certificate.status, decision.effective_date, decision.decision_number)
    changed = certificate.status_changed_at or certificate.issued_at
    return StatusStamp(certificate.status, beijing_date(changed), None)


def render_certificate_pdf(
    session: Session, state_or_parts, certificate: Certificate, now: dt.datetime
) -> bytes:
    """The certificate as a signed one-page PDF, stamped with its status unless it is valid
    (the holder download calls this too)."""
    parts = pdf_parts(state_or_parts)
    material = active_pdf_signer(session, parts)
    stamp = status_stamp(session, certificate)
    # Everything the page shows that can change: a PDF cached while the certificate was
    # valid (or under another decision, or another QR token) is never served after.
    stamped = (stamp.status, stamp.since.isoformat(), stamp.decision_number or "") if stamp else ()
    cache_key = (
        certificate.serial,
        material.fingerprint,
        certificate.qr_token,
        certificate.status,
        *stamped,
    )
    cached = parts.cache.get(cache_key)
    if cached is not None:
        return cached
    text = qr.qr_text(parts.issuance.verify_base_url, certificate.qr_token)
    unsigned = render_certificate(
        facts_of(session, certificate, None), text, parts.issuance, parts.font, now, stamp
    )
    signed = sign_pdf(unsigned, material, parts.issuance.issuer_name, now)
    parts.cache.put(cache_key, signed)
    return signed
