"""The e-certificate PDF of a stored certificate, rendered and signed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from certs import qr
from certs.pdf.render import render_certificate
from certs.pdf.sign import sign_pdf
from registry.certificates.models import Certificate
from registry.certificates.pipeline import facts_of
from registry.keys.pdf import active_pdf_signer
from registry.keys.pdf_setup import pdf_parts


def render_certificate_pdf(
    session: Session, state_or_parts, certificate: Certificate, now: dt.datetime
) -> bytes:
    """The certificate as a signed one-page PDF (the holder download calls this too)."""
    parts = pdf_parts(state_or_parts)
    material = active_pdf_signer(session, parts)
    cache_key = (certificate.serial, material.fingerprint)
    cached = parts.cache.get(cache_key)
    if cached is not None:
        return cached
    text = qr.qr_text(parts.issuance.verify_base_url, certificate.qr_token)
    unsigned = render_certificate(
        facts_of(session, certificate, None), text, parts.issuance, parts.font, now
    )
    signed = sign_pdf(unsigned, material, parts.issuance.issuer_name, now)
    parts.cache.put(cache_key, signed)
    return signed
