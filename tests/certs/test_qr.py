"""QR codes: printable, and a decoder reads back exactly what was encoded."""

import datetime as dt
import io
import re

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw

from certs import qr
from certs.credential.model import CertificateFacts, qr_credential
from certs.credential.sign import Ed25519Signer, sign_credential
from certs.serials import generate_serial

BASE = "https://verify.rsj.beijing.gov.cn"  # a realistically long production address


def _qr_text(name: str) -> str:
    facts = CertificateFacts(
        serial=generate_serial(),
        holder_name=name,
        level="professorate_senior_engineer",
        specialty_code="DZXX-0101-ABCDEF",
        specialty_name="电子信息技术",
        committee_code="BJ-DZ-01",
        committee_name="北京市电子信息专业高级评审委员会",
        decision_number="京人社职评〔2026〕1234号",
        decision_date=dt.date(2026, 6, 30),
        evaluation_track="research_design",
        issued_at=dt.datetime.now(dt.UTC),
    )
    signer = Ed25519Signer.from_private_key(Ed25519PrivateKey.generate())
    return qr.qr_text(BASE, sign_credential(qr_credential(facts, BASE), signer))


def _decode(image: Image.Image) -> list:
    return zxingcpp.read_barcodes(image)


@pytest.mark.parametrize("name", ["张三", "欧阳小明", "阿卜杜热合曼·阿卜杜克力木"])
def test_qr_is_version_20_or_less_at_level_m_even_for_long_names(name):
    text = _qr_text(name)
    assert qr.fits(text)
    assert qr.qr_version(text) <= 20


def test_png_decodes_to_exactly_the_encoded_text():
    text = _qr_text("欧阳小明")
    results = _decode(Image.open(io.BytesIO(qr.render_png(text))))
    assert len(results) == 1
    assert results[0].text == text
    assert results[0].ec_level in ("M", "Q", "H")


def _rasterise_svg(svg: bytes, scale: int = 10) -> Image.Image:
    """Our SVG is one path of unit squares (``M x,y H .. V .. H .. z``); draw them."""
    document = svg.decode()
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', document).group(1))
    module = None
    image = Image.new("L", (int(width * scale * 10), int(width * scale * 10)), 255)
    draw = ImageDraw.Draw(image)
    for x, y, x2, y2 in re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)", document):
        x, y, x2, y2 = (float(v) * scale * 10 for v in (x, y, x2, y2))
        module = module or (x2 - x)
        draw.rectangle([x, y, x2 - 1, y2 - 1], fill=0)
    assert module, "no modules found in the SVG"
    return image


def test_svg_decodes_to_exactly_the_encoded_text():
    text = _qr_text("张三")
    svg = qr.render_svg(text)
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    results = _decode(_rasterise_svg(svg))
    assert [r.text for r in results] == [text]


def test_the_token_is_recovered_from_the_qr_text_or_given_bare():
    text = _qr_text("张三")
    token = text.split("/v/", 1)[1]
    assert qr.token_from_qr_text(text) == token
    assert qr.token_from_qr_text("  " + token + "\n") == token


def test_text_too_long_for_a_printable_code_is_refused():
    from certs.errors import QrTooLargeError

    with pytest.raises(QrTooLargeError):
        qr.render_png("x" * 700)
