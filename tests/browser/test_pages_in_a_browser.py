"""The pages a person sees, in a real browser at phone and desktop widths, JavaScript off:
the answer at the top in words, icon and colour; basic accessibility; nothing loaded from
outside the service."""

from __future__ import annotations

import itertools
import re

import pytest
import sqlalchemy as sa

from certs.serials import format_serial, generate_serial
from registry.certificates.models import Certificate
from registry.projection.models import PublicCertificate
from tests.batch_helpers import issued_from, past_row
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factories import ID_NUMBERS, NOW, at, bearer, id_number, setup_registry

pytestmark = pytest.mark.browser
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def certificates(registry_app):
    """A valid and a revoked certificate, issued from a results batch (revoked by writing
    the status fields, as the revocation service does), and an unknown serial."""
    at(registry_app, NOW)
    tokens = setup_registry(registry_app)
    rows = [
        past_row(0, holder_name="张三", holder_id_number=ID_NUMBERS[0]),
        past_row(3, holder_name="欧阳明月", holder_id_number=id_number(3)),
    ]
    issued = [
        {"serial": item.serial, "access_code": item.access_code}
        for item in issued_from(registry_app, rows)
    ]
    engine = registry_app.extensions["registry"].engine
    with engine.begin() as connection:
        serial = issued[1]["serial"]
        connection.execute(
            sa.update(Certificate).where(Certificate.serial == serial).values(status="revoked")
        )
        connection.execute(
            sa.update(PublicCertificate)
            .where(PublicCertificate.serial == serial)
            .values(
                status="revoked",
                status_reason="fraud",
                status_changed_at=sa.func.current_timestamp(),
            )
        )
    return {"valid": issued[0], "revoked": issued[1], "tokens": tokens}


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two computed CSS colours."""

    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(_rgb(foreground)), luminance(_rgb(background))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


CHECK_PAGE = """() => {
  const banner = document.querySelector('.banner');
  const style = (el) => getComputedStyle(el);
  const texts = banner ? [...banner.querySelectorAll('h1, p, span:not(.icon)')] : [];
  return {
    lang: document.documentElement.lang,
    headings: [...document.querySelectorAll('h1,h2,h3,h4')].map(h => Number(h.tagName[1])),
    bannerBackground: banner && style(banner).backgroundColor,
    bannerColours: texts.map(el => style(el).color),
    icon: banner && banner.querySelector('.icon').textContent.trim(),
    iconColour: banner && style(banner.querySelector('.icon')).color,
    iconBackground: banner && style(banner.querySelector('.icon')).backgroundColor,
    englishTagged: [...document.querySelectorAll('.banner h1 .en')].every(e => e.lang === 'en'),
    scrollWidth: document.documentElement.scrollWidth,
    unlabelled: [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label'))
      .map(i => i.name),
  };
}"""


def check_basics(page, base_url: str) -> dict:
    facts = page.evaluate(CHECK_PAGE)
    assert facts["lang"] == "zh-CN" and facts["englishTagged"]
    levels = facts["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    # Compared with the width asked for: a phone zooms out to fit a page that is too wide.
    assert facts["scrollWidth"] <= page.viewport_size["width"], "the page scrolls sideways"
    assert facts["unlabelled"] == []
    outside = [url for url in page.requested if not url.startswith(base_url)]
    assert outside == [], outside
    if facts["bannerBackground"]:
        for colour in facts["bannerColours"]:
            assert contrast(colour, facts["bannerBackground"]) >= 4.5
        assert contrast(facts["iconColour"], facts["iconBackground"]) >= 4.5
    return facts


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_valid_revoked_and_unknown_pages_read_at_a_glance(
    verify_app, certificates, serve, open_page, viewport
):
    base = serve(verify_app)
    cases = {
        "valid": (certificates["valid"]["serial"], 200, "✔", ["有效", "Valid"]),
        "revoked": (
            certificates["revoked"]["serial"],
            200,
            "✖",
            ["已撤销", "Revoked", "弄虚作假", "Fraud"],
        ),
        "unknown": (generate_serial(), 404, "?", ["未找到", "Not found"]),
    }
    for name, (serial, status, icon, words) in cases.items():
        page, response = open_page(f"{base}/c/{format_serial(serial)}", VIEWPORTS[viewport])
        assert response.status == status
        banner = page.locator(".banner").inner_text()
        assert all(word in banner for word in words), banner
        facts = check_basics(page, base)
        assert facts["icon"] == icon
        if name != "unknown":
            checked = page.locator(".checks").inner_text()
            assert "数字签名" in checked and "评审委员会" in checked and "核验时间" in checked
        screenshot(page, f"verify-{name}-{viewport}")


def test_the_home_form_finds_a_typed_serial_without_javascript(
    verify_app, certificates, serve, open_page
):
    base = serve(verify_app)
    page, _ = open_page(base + "/", PHONE)
    check_basics(page, base)
    upload = page.get_by_label("电子职称证书（PDF）")
    assert upload.get_attribute("name") == "pdf" and upload.get_attribute("type") == "file"
    form = page.locator("form", has=upload)
    assert form.get_attribute("action") == "/pdf"
    assert form.get_attribute("enctype") == "multipart/form-data"
    screenshot(page, "verify-home-phone")
    typed = " ".join(format_serial(certificates["valid"]["serial"]).lower().split("-"))
    page.get_by_label("证书编号或二维码内容").fill(typed)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "/c/" + certificates["valid"]["serial"] in page.url
    assert "有效" in page.locator(".banner").inner_text()


def test_the_share_page_shows_the_full_name_on_a_phone(
    registry_app, certificates, serve, open_page
):
    client = registry_app.test_client()
    valid = certificates["valid"]
    token = client.post(
        "/api/v1/holder/session",
        json={
            "serial": valid["serial"],
            "id_number": ID_NUMBERS[0],
            "access_code": valid["access_code"],
        },
    ).json["token"]
    link = client.post("/api/v1/holder/shares", json={"valid_days": 7}, headers=bearer(token)).json
    base = serve(registry_app)
    page, response = open_page(base + "/s/" + link["url"].rsplit("/s/", 1)[1], PHONE)
    assert response.status == 200
    assert "张三" in page.locator("dl").inner_text()
    check_basics(page, base)
    screenshot(page, "share-valid-phone")
    views = client.get("/api/v1/holder/shares", headers=bearer(token)).json[0]["views"]
    assert len(views) == 1 and views[0]["client"].startswith("HeadlessChrome")


def test_the_api_docs_run_under_their_content_security_policy(registry_app, browser, serve):
    """/docs, JavaScript on: Swagger UI starts from this server's files alone, shows every
    operation, and the browser reports no violation of the page's policy."""
    base = serve(registry_app)
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        requested, console = [], []
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.add_init_script(
            "window.violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        response = page.goto(base + "/docs")
        assert response.status == 200
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        page.wait_for_selector(".opblock", timeout=20000)
        operations = page.locator(".opblock").count()
        assert operations >= 20, operations
        # "Try it out" on the first GET: the answer (a 401 without a token) is shown, in
        # Swagger UI's highlighted code blocks; then a schema model is opened.
        operation = page.locator(".opblock-get").first
        operation.locator(".opblock-summary").click()
        operation.locator("button.try-out__btn").click()
        operation.locator("button.execute").click()
        page.wait_for_selector(".live-responses-table .response-col_status", timeout=10000)
        assert "401" in operation.locator(".live-responses-table").inner_text()
        page.locator("section.models .model-box-control").first.click()
        page.wait_for_selector("section.models .model .property-row", timeout=5000)
        assert page.evaluate("window.violations") == [], console
        errors = [m for m in console if m.startswith("error") and "status of 401" not in m]
        assert errors == []
        assert [url for url in requested if not url.startswith(base)] == []
        screenshot(page, "api-docs-desktop")
    finally:
        context.close()
