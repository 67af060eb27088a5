"""Uploading an e-certificate PDF to the verify service, on both databases."""

import io

import pytest
import sqlalchemy as sa

from certs.pdf.sign import PdfSigningMaterial, make_certificate, new_private_key, sign_pdf
from registry.keys.pdf import rotate_pdf_key
from registry.keys.pdf_setup import pdf_parts
from tests.batch_helpers import title_held
from tests.factories import BUREAU, NOW, bearer, make_pdf_key, setup_registry

PROBLEM = "application/problem+json"
BUREAU_NAME = "北京市人力资源和社会保障局"


@pytest.fixture
def issued(registry_app, registry):
    tokens = setup_registry(registry_app)
    make_pdf_key(registry_app)
    serial = title_held(registry_app, holder_name="欧阳小明").serial
    pdf = registry.get(f"/api/v1/certificates/{serial}/pdf", headers=bearer(tokens["bureau"]))
    return {"serial": serial, "pdf": pdf.get_data(), "tokens": tokens}


def _unsigned_pdf() -> bytes:
    from certs.pdf.render import Issuance, render_certificate
    from registry.keys.pdf_setup import certificate_font
    from tests.certs.test_pdf import FACTS, QR_TEXT

    return render_certificate(
        FACTS, QR_TEXT, Issuance(BUREAU_NAME, "https://x.cn"), certificate_font(), NOW
    )


def upload(client, data: bytes, path="/api/v1/pdf", field="pdf"):
    return client.post(
        path,
        data={field: (io.BytesIO(data), "certificate.pdf", "application/pdf")},
        content_type="multipart/form-data",
    )


def test_an_untouched_pdf_is_the_bureaus_and_its_certificate_valid(verify, issued):
    response = upload(verify, issued["pdf"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["result"] == "valid" and body["serial"] == issued["serial"]
    signature = body["pdf_signature"]
    assert signature["intact"] and signature["covers_whole_file"]
    assert signature["signer"]["published"] and signature["signer"]["status"] == "active"
    assert BUREAU_NAME in signature["signer"]["subject"]
    assert body["certificate"]["masked_name"] == "欧阳*明"
    assert "欧阳小明" not in response.get_data(as_text=True)


def test_the_status_shown_is_the_status_now(registry_app, verify, issued):
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE public_certificates SET status='revoked' WHERE serial=:s"),
            {"s": issued["serial"]},
        )
    body = upload(verify, issued["pdf"]).get_json()
    assert body["result"] == "revoked" and body["certificate"]["status"] == "revoked"
    assert body["pdf_signature"]["intact"]


def test_one_altered_byte_reads_as_altered(verify, issued):
    pdf = issued["pdf"]
    index = pdf.index(b"/Type /Page") + 3
    altered = pdf[:index] + bytes([pdf[index] ^ 0x01]) + pdf[index + 1 :]
    body = upload(verify, altered).get_json()
    assert body["result"] == "altered" and body["result_zh"] == "已被改动"
    assert body["pdf_signature"]["intact"] is False and body["certificate"] is None


def test_a_pdf_signed_by_someone_else_is_not_the_bureaus(verify, issued):
    key = new_private_key()
    impostor = PdfSigningMaterial(key, make_certificate(key, BUREAU_NAME, NOW))
    unsigned = _unsigned_pdf()
    body = upload(verify, sign_pdf(unsigned, impostor, BUREAU_NAME, NOW)).get_json()
    assert body["result"] == "unknown_signer" and body["result_en"] == "Unknown signer"
    assert body["pdf_signature"]["intact"] and not body["pdf_signature"]["signer"]["published"]
    assert body["certificate"] is None


def test_after_rotation_older_pdfs_still_check_out(registry_app, verify, issued):
    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        rotate_pdf_key(session, BUREAU, pdf_parts(state), NOW)
    pdf_certificates = verify.application.extensions["verify"].pdf_certificates
    pdf_certificates._loaded_at = float("-inf")  # skip the 30 s wait
    body = upload(verify, issued["pdf"]).get_json()
    assert body["result"] == "valid" and body["pdf_signature"]["signer"]["status"] == "retired"
    pem = verify.get("/.well-known/pdf-signing.pem")
    assert pem.status_code == 200 and pem.get_data(as_text=True).count("BEGIN CERTIFICATE") == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"PK\x03\x04 a zip file", "not_pdf"), (None, "no_signature")],
)
def test_what_is_not_a_signed_pdf_is_refused_in_both_languages(verify, issued, data, code):
    response = upload(verify, data or _unsigned_pdf())
    assert response.status_code == 422 and response.mimetype == PROBLEM
    error = response.get_json()["errors"][0]
    assert error["field"] == "pdf" and error["code"] == code
    assert error["message"] and error["message_zh"]


def test_a_missing_file_field_is_named(verify):
    response = upload(verify, b"%PDF-1.7", field="file")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "pdf"


@pytest.mark.parametrize("size", [2 * 1024 * 1024, 3 * 1024 * 1024])
def test_a_file_over_two_mebibytes_gets_413_in_both_languages(verify, size):
    response = upload(verify, b"%PDF-1.7\n" + b"0" * size)
    assert response.status_code == 413 and response.mimetype == PROBLEM
    body = response.get_json()
    assert "MiB" in body["detail"] and "MiB" in body["detail_zh"] and body["title_zh"]


def test_the_upload_form_shows_the_answer_as_a_page(verify, issued):
    home = verify.get("/").get_data(as_text=True)
    assert 'action="/pdf"' in home and 'name="pdf"' in home and "multipart/form-data" in home
    page = upload(verify, issued["pdf"], path="/pdf")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "有效" in text and "Valid" in text and "欧阳*明" in text
    refused = upload(verify, b"not a pdf at all", path="/pdf")
    assert refused.status_code == 422 and "不是 PDF" in refused.get_data(as_text=True)
    too_large = upload(verify, b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024), path="/pdf")
    assert too_large.status_code == 413 and "PDF 文件过大" in too_large.get_data(as_text=True)
