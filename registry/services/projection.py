"""Writes the public projection: called inside the transaction of every change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from certs.levels import get_level
from certs.names import mask_name
from registry.models import Certificate, PublicCertificate
from registry.services.specialties import issued_specialty


def project_certificate(session: Session, certificate: Certificate, now: dt.datetime) -> None:
    level = get_level(certificate.level)
    row = session.get(PublicCertificate, certificate.serial) or PublicCertificate(
        serial=certificate.serial
    )
    row.masked_name = mask_name(certificate.holder_name)
    row.level = level.code
    row.title_zh, row.title_en = level.title_zh, level.title_en
    specialty = issued_specialty(session, certificate)
    row.specialty_code = specialty["code"]
    row.specialty_name_zh, row.specialty_name_en = specialty["name_zh"], specialty["name_en"]
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
    session.add(row)
    session.flush()
