"""Writes the public projection: called inside the transaction of every change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from certs.levels import get_level
from certs.names import mask_name
from certs.revocation import reason_class
from registry.models import Certificate, PublicCertificate


def project_certificate(session: Session, certificate: Certificate, now: dt.datetime) -> None:
    level = get_level(certificate.level)
    row = session.get(PublicCertificate, certificate.serial) or PublicCertificate(
        serial=certificate.serial
    )
    row.masked_name = mask_name(certificate.holder_name)
    row.level = level.code
    row.title_zh, row.title_en = level.title_zh, level.title_en
    row.specialty_code = certificate.specialty.code
    row.specialty_name_zh = certificate.specialty.name_zh
    row.specialty_name_en = certificate.specialty.name_en
    row.committee_code = certificate.committee.code
    row.committee_name_zh = certificate.committee.name_zh
    row.committee_name_en = certificate.committee.name_en
    row.decision_number = certificate.decision_number
    row.decision_date = certificate.decision_date
    row.evaluation_track = certificate.evaluation_track
    row.issued_at = certificate.issued_at
    row.status = certificate.status
    row.credential = certificate.credential
    row.qr_token = certificate.qr_token
    row.updated_at = now
    row.status_reason = reason_class(certificate.status_reason)
    row.status_changed_at = certificate.status_changed_at
    row.status_index = certificate.status_index
    row.kid = certificate.kid
    row.signed_at = certificate.signed_at or certificate.issued_at
    session.add(row)
    session.flush()
