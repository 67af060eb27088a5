"""The e-certificate PDF: what a reader sees on the page, and its signature."""

import dataclasses
import datetime as dt
import io
from importlib import resources

import pypdf
import pypdfium2
import pytest
import zxingcpp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from PIL import ImageChops
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certs.credential.model import CertificateFacts
from certs.pdf.check import PdfUploadError, check_pdf
from certs.pdf.render import Issuance, StatusStamp, load_font, render_certificate
from certs.pdf.sign import PdfSigningMaterial, make_certificate, new_private_key, sign_pdf

BUREAU = "北京市人力资源和社会保障局"
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
FACTS = CertificateFacts(
    serial="7KQ4M2XD9P3RTG8W",
    holder_name="欧阳小明",
    level="senior_engineer",
    specialty_code="DZXX-01",
    specialty_name="电子信息技术",
    committee_code="BJ-DZ-01",
    committee_name="北京市电子信息技术专业高级工程师职称评审委员会（北京市职称评审服务中心）",
    decision_number="京人社职评〔2026〕8号",
    decision_date=dt.date(2026, 6, 30),
    evaluation_track="research_design",
    issued_at=NOW,
)
QR_TEXT = "https://verify.example.gov.cn/v/" + "eyJhbGciOiJFZERTQSJ9." + "A" * 420 + ".c2ln"
ISSUANCE = Issuance(BUREAU, "https://verify.example.gov.cn")


@pytest.fixture(scope="module")
def font():
    data = resources.files("paperang_p2_fonts_cjk").joinpath("fonts/wqy-microhei.ttc")
    return load_font(data.read_bytes())


@pytest.fixture(scope="module")
def unsigned(font):
    return render_certificate(FACTS, QR_TEXT, ISSUANCE, font, NOW)


@pytest.fixture(scope="module")
def material():
    key = new_private_key()
    return PdfSigningMaterial(key, make_certificate(key, BUREAU, NOW))


@pytest.fixture(scope="module")
def signed(unsigned, material):
    return sign_pdf(unsigned, material, BUREAU, NOW)


def test_the_page_is_one_a4_page_whose_text_a_reader_can_copy(unsigned):
    reader = pypdf.PdfReader(io.BytesIO(unsigned))
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)
    text = reader.pages[0].extract_text()
    for expected in (
        "欧阳小明",
        "高级工程师",
        "7KQ4-M2XD-9P3R-TG8W",
        "电子信息技术",
        "研究设计",
        "京人社职评〔2026〕8号",
        "2026年6月30日",
        BUREAU,
        "https://verify.example.gov.cn",
    ):
        assert expected in text.replace("\n", ""), expected


def test_the_font_is_embedded_so_chinese_shows_without_fonts_of_the_reader(unsigned):
    page = pypdf.PdfReader(io.BytesIO(unsigned)).pages[0]
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    chinese = [f for f in fonts if "WenQuanYi" in f["/BaseFont"]]
    assert chinese and all("+" in f["/BaseFont"] for f in chinese)  # a subset: AAAAAA+Name
    assert all("/FontFile2" in f["/FontDescriptor"] for f in chinese)


def _dark_share(image, box) -> float:
    histogram = image.crop(box).convert("L").histogram()
    return sum(histogram[:128]) / sum(histogram)


def test_chinese_text_renders_as_ink_where_the_text_is(unsigned):
    scale = 2
    page = pypdfium2.PdfDocument(unsigned)[0]
    image = page.render(scale=scale).to_pil()
    text = page.get_textpage()
    found = text.search("欧阳小明").get_next()
    assert found is not None
    left, bottom, right, top = text.get_charbox(found[0])
    height = page.get_height()
    box = (
        int(left * scale),
        int((height - top) * scale),
        int(right * scale) + 1,
        int((height - bottom) * scale) + 1,
    )
    assert _dark_share(image, box) > 0.1  # glyph strokes, not an empty box or nothing
    assert _dark_share(image, (0, 0, 40, 40)) == 0  # the margin stays paper-white


def test_the_printed_qr_code_scans_to_the_certificates_qr_text(unsigned):
    image = pypdfium2.PdfDocument(unsigned)[0].render(scale=4).to_pil()
    decoded = zxingcpp.read_barcodes(image)
    assert [code.text for code in decoded] == [QR_TEXT]


def test_the_signed_pdf_validates_as_intact_with_pyhanko(signed, material):
    root = asn1_x509.Certificate.load(material.certificate.public_bytes(Encoding.DER))
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line


def test_the_check_names_the_signer_and_finds_the_serial(signed, material):
    check = check_pdf(signed, [material.certificate], NOW)
    assert check.trustworthy
    assert check.serial == FACTS.serial
    assert check.signer_fingerprint == material.fingerprint
    assert BUREAU in check.signer_subject


def test_one_altered_byte_breaks_the_signature(signed, material):
    index = signed.index(b"/Type /Page") + 3  # inside the signed page object
    altered = signed[:index] + bytes([signed[index] ^ 0x01]) + signed[index + 1 :]
    check = check_pdf(altered, [material.certificate], NOW)
    assert not check.intact and not check.trustworthy and check.serial is None


def test_anything_appended_after_signing_is_reported(signed, material):
    check = check_pdf(signed + b"\n1 0 obj (forged) endobj\n", [material.certificate], NOW)
    assert check.intact and not check.whole_file and not check.trustworthy


def test_a_signature_by_an_unpublished_certificate_is_not_the_bureaus(unsigned, material):
    impostor_key = new_private_key()
    impostor = PdfSigningMaterial(impostor_key, make_certificate(impostor_key, BUREAU, NOW))
    check = check_pdf(sign_pdf(unsigned, impostor, BUREAU, NOW), [material.certificate], NOW)
    assert check.intact and not check.published and not check.trustworthy


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"GIF89a not a pdf", "not_pdf"), (b"%PDF-1.7\n garbage", "unreadable_pdf")],
)
def test_what_is_not_a_pdf_is_refused_with_the_reason(data, code):
    with pytest.raises(PdfUploadError) as refused:
        check_pdf(data, [], NOW)
    assert [e.code for e in refused.value.errors] == [code]


def test_an_unsigned_pdf_is_refused_with_the_reason(unsigned):
    with pytest.raises(PdfUploadError) as refused:
        check_pdf(unsigned, [], NOW)
    assert refused.value.errors[0].code == "no_signature"
    assert "签名" in refused.value.errors[0].message_zh


def test_a_rare_character_the_embedded_font_lacks_is_still_printed(font):
    facts = dataclasses.replace(FACTS, holder_name="王䶮")  # 䶮: CJK Extension A
    pdf = render_certificate(facts, QR_TEXT, ISSUANCE, font, NOW)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    names = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
    assert "/STSong-Light" in names  # Adobe's standard Chinese font, which readers supply
    rendered = pypdfium2.PdfDocument(pdf)[0]
    text = rendered.get_textpage()
    index, _ = text.search("王䶮").get_next()
    left, bottom, right, top = text.get_charbox(index + 1)
    height, scale = rendered.get_height(), 2
    image = rendered.render(scale=scale).to_pil()
    box = (
        int(left * scale),
        int((height - top) * scale),
        int(right * scale) + 1,
        int((height - bottom) * scale) + 1,
    )
    assert _dark_share(image, box) > 0.1


def test_the_page_names_the_talent_type_and_how_the_title_was_evaluated(font):
    pdf = render_certificate(
        dataclasses.replace(FACTS, evaluation_method="recognition"), QR_TEXT, ISSUANCE, font, NOW
    )
    lines = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()
    track = next(i for i, line in enumerate(lines) if "人才类型" in line)
    method = next(i for i, line in enumerate(lines) if "评价方式" in line)
    assert "研究设计" in " ".join(lines[track : track + 3])
    assert "认定" in " ".join(lines[method : method + 3])
    assert "研究设计" not in " ".join(lines[method : method + 3])


REVOKED = StatusStamp("revoked", dt.date(2026, 11, 25), "京人社职撤〔2026〕9号")


@pytest.fixture(scope="module")
def stamped(font):
    return render_certificate(FACTS, QR_TEXT, ISSUANCE, font, NOW, REVOKED)


def test_a_stamped_copy_says_its_status_date_and_decision_in_both_languages(stamped):
    reader = pypdf.PdfReader(io.BytesIO(stamped))
    text = reader.pages[0].extract_text().replace("\n", "")
    for expected in (
        "撤销 REVOKED",
        "已撤销：自 2026-11-25 起，决定文号 京人社职撤〔2026〕9号",
        "REVOKED since 2026-11-25, decision 京人社职撤〔2026〕9号",
        "本件为存档副本，不作为有效证书使用",
        "Not valid as a certificate",
        "欧阳小明",
        "7KQ4-M2XD-9P3R-TG8W",
    ):
        assert expected in text, expected
    assert reader.metadata.title.startswith("【撤销 REVOKED】")
    assert reader.metadata["/Keywords"] == "urn:cn-title:" + FACTS.serial


def test_the_stamp_is_drawn_in_red_and_the_qr_code_still_scans(unsigned, stamped):
    plain = pypdfium2.PdfDocument(unsigned)[0].render(scale=1).to_pil().convert("RGB")
    copy = pypdfium2.PdfDocument(stamped)[0].render(scale=1).to_pil().convert("RGB")

    def reddish(image) -> int:
        """Pixels of the stamp's bright red (the frame's darker red is not counted)."""
        red, green, blue = image.split()
        mask = ImageChops.multiply(
            ImageChops.multiply(
                red.point(lambda v: 255 if v > 180 else 0),
                green.point(lambda v: 255 if v < 100 else 0),
            ),
            blue.point(lambda v: 255 if v < 100 else 0),
        )
        return mask.histogram()[255]

    assert reddish(plain) == 0 and reddish(copy) > 1000
    image = pypdfium2.PdfDocument(stamped)[0].render(scale=4).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [QR_TEXT]


def test_a_stamp_without_a_decision_number_still_says_the_status_and_date(font):
    stamp = StatusStamp("suspended", dt.date(2026, 11, 25), None)
    pdf = render_certificate(FACTS, QR_TEXT, ISSUANCE, font, NOW, stamp)
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", "")
    assert "已暂停：自 2026-11-25 起" in text and "决定文号" not in text


def test_there_is_no_stamp_for_a_valid_certificate():
    with pytest.raises(ValueError, match="valid"):
        StatusStamp("valid", dt.date(2026, 11, 25), None)
