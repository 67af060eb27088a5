"""The pre-check on a phone, JavaScript off: a person fills the form, submits it and reads the
verdict with its clauses; nothing scrolls sideways, nothing is loaded from elsewhere."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_pages_in_a_browser import check_basics

pytestmark = pytest.mark.browser


def test_a_person_fills_the_pre_check_on_a_phone_and_reads_the_verdict(
    verify_app, serve, open_page
):
    base = serve(verify_app)
    page, response = open_page(base + "/eligibility", PHONE)
    assert response.status == 200
    check_basics(page, base)
    screenshot(page, "verify-eligibility-form-phone")

    page.get_by_label("申报职称").select_option("senior_engineer")
    page.get_by_label("人才类型").select_option("application_practice")
    page.locator("#reference_date").fill("2026-12-01")
    page.locator("#educations-0-kind").select_option("bachelor")
    page.locator("#educations-0-graduated").fill("2010-07-01")
    page.locator("#work-0-start").fill("2010-07-15")
    page.locator("#titles-0-tier").select_option("intermediate")
    page.locator("#titles-0-obtained").fill("2023-01-01")
    page.locator("#outputs-0-kind").select_option("paper")
    page.locator("#outputs-0-role").select_option("first_author")
    page.locator("#outputs-0-count").fill("3")
    page.locator("#outputs-0-core_journal").check()
    with page.expect_navigation():
        page.get_by_role("button", name="预检").click()

    assert page.url == base + "/eligibility"  # the facts were posted, not put in the URL
    banner = page.locator(".banner").inner_text()
    assert "不符合申报条件" in banner and "Not eligible" in banner
    # What fails comes first, with its reason; the clause's own words open on demand.
    assert "附件四(一)2" in page.locator("#not-met").inner_text()
    failing = page.locator("li.condition.not_met", has_text="附件四(一)2(3)").last
    assert "不足满5年" in failing.inner_text()
    assert "取得中级职称后，从事本专业技术工作满5年" not in failing.inner_text()
    failing.locator("summary", has_text="政策原文").first.click()
    assert "取得中级职称后，从事本专业技术工作满5年" in failing.inner_text()
    assert "这是预检，不是评审决定" in page.locator("#not-a-decision").inner_text()
    assert page.locator("#titles-0-obtained").input_value() == "2023-01-01"
    facts = check_basics(page, base)
    assert facts["icon"] == "✖"
    screenshot(page, "verify-eligibility-verdict-phone")

    # Adjusted and asked again: the title came in 2016, the years now hold.
    page.locator("#titles-0-obtained").fill("2016-12-01")
    with page.expect_navigation():
        page.get_by_role("button", name="预检").click()
    assert "须由评审委员会评议" in page.locator(".banner").inner_text()
    assert check_basics(page, base)["icon"] == "⚖"
