"""The e-certificate PDF from the registry, and the bureau's PDF-signing key."""

import datetime as dt
import io
import stat
from pathlib import Path

import pypdf
import pytest
import sqlalchemy as sa

from certs.pdf.check import check_pdf
from registry.audit.models import AuditRecord
from registry.keys.models import PdfSigningKey
from registry.keys.pdf import rotate_pdf_key
from registry.keys.pdf_setup import pdf_parts
from registry.projection.models import PublicPdfCertificate
from tests.batch_helpers import title_held
from tests.factories import BUREAU, NOW, at, bearer, make_pdf_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def serial(registry_app, tokens):
    """欧阳小明's title, from a results batch of BJ-DZ-01."""
    return title_held(registry_app, holder_name="欧阳小明").serial


def _published(app):
    from cryptography import x509

    with app.extensions["registry"].sessions() as session:
        rows = session.scalars(sa.select(PublicPdfCertificate)).all()
        return [x509.load_pem_x509_certificate(r.certificate.encode()) for r in rows]


def test_the_bureau_downloads_the_signed_pdf_of_a_certificate(
    registry_app, registry, tokens, serial
):
    make_pdf_key(registry_app)
    record = registry.get(f"/api/v1/certificates/{serial}", headers=bearer(tokens["bureau"]))
    link = record.get_json()["links"]["pdf"]
    assert link.endswith(f"/api/v1/certificates/{serial}/pdf")
    response = registry.get(link, headers=bearer(tokens["bureau"]))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and serial[:4] in disposition
    pdf = response.get_data()
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", "")
    assert "欧阳小明" in text and "工程师" in text and "北京市电子信息专业评审委员会" in text
    check = check_pdf(pdf, _published(registry_app), NOW)
    assert check.trustworthy and check.serial == serial


def test_the_issuing_committee_downloads_it_and_another_committee_cannot(
    registry_app, registry, tokens, serial
):
    make_pdf_key(registry_app)
    own = registry.get(f"/api/v1/certificates/{serial}/pdf", headers=bearer(tokens["committee"]))
    assert own.status_code == 200
    other = registry.get(
        f"/api/v1/certificates/{serial}/pdf", headers=bearer(tokens["other_committee"])
    )
    assert other.status_code == 404 and other.mimetype == "application/problem+json"
    anonymous = registry.get(f"/api/v1/certificates/{serial}/pdf")
    assert anonymous.status_code == 401


def test_without_a_pdf_key_the_answer_says_which_command_makes_one(registry, tokens, serial):
    response = registry.get(f"/api/v1/certificates/{serial}/pdf", headers=bearer(tokens["bureau"]))
    assert response.status_code == 503
    body = response.get_json()
    assert "pdf-key generate" in body["detail"] and "pdf-key generate" in body["detail_zh"]


def test_the_key_is_published_and_rotation_keeps_the_old_certificate(registry_app):
    first = make_pdf_key(registry_app)
    assert make_pdf_key(registry_app).key_id == first.key_id  # generate twice: one key
    state = registry_app.extensions["registry"]
    key_file = state.settings.key_dir / f"pdf-{first.key_id}.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in key_file.read_bytes()
    with state.sessions() as session, session.begin():
        second, retired = rotate_pdf_key(session, BUREAU, pdf_parts(state), NOW)
    with state.sessions() as session:
        rows = session.execute(
            sa.select(PublicPdfCertificate.fingerprint, PublicPdfCertificate.status)
        )
        statuses = {row.fingerprint: row.status for row in rows}
        actions = session.scalars(
            sa.select(AuditRecord.action)
            .where(AuditRecord.object_type == "pdf_signing_key")
            .order_by(AuditRecord.seq)
        ).all()
        assert session.scalar(sa.select(sa.func.count()).select_from(PdfSigningKey)) == 2
    assert statuses == {first.fingerprint: "retired", second.fingerprint: "active"}
    assert retired.key_id == first.key_id
    assert actions == ["pdf_key.generate", "pdf_key.rotate"]


def test_a_renamed_specialty_keeps_its_old_name_on_certificates_issued_before(
    registry_app, registry, tokens, serial
):
    make_pdf_key(registry_app)
    at(registry_app, NOW + dt.timedelta(hours=1))  # renamed after the certificate was issued
    renamed = registry.post(
        "/api/v1/specialties/DZXX-01/names",
        json={
            "name_zh": "电子与信息工程",
            "name_en": "Electronic and information engineering",
            "reason": "目录调整",
        },
        headers=bearer(tokens["bureau"]),
    )
    assert renamed.status_code in (200, 201), renamed.get_json()
    pdf = registry.get(f"/api/v1/certificates/{serial}/pdf", headers=bearer(tokens["bureau"]))
    text = pypdf.PdfReader(io.BytesIO(pdf.get_data())).pages[0].extract_text().replace("\n", "")
    assert "电子信息技术" in text and "电子与信息工程" not in text
