"""Paying three open invoices in one MobilePay approval in a real browser (PRODUCT §13): Chromium against
`portal serve`, the embedded simulator's phone page in a second tab."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.e2e.page_audit import WIDTHS, audit, blocking
from tests.e2e.portal_server import SEVERAL_INVOICES, SEVERAL_PAYER, PortalServer
from tests.e2e.signing_in import sign_in_by_link

pytestmark = pytest.mark.e2e
EMAIL = SEVERAL_PAYER["email"]
PHONE = SEVERAL_PAYER["phone"]
LIVE_SECONDS = 30  # an upper bound on waiting for the webhook and the capture, never a timing assertion
_PAYMENT_URL = re.compile(r"/payments/([0-9a-f-]{36})$")


@pytest.fixture
def context(browser: Browser, portal: PortalServer) -> Iterator[BrowserContext]:
    """Danish, desktop size; bypass_csp only so that axe-core can be injected."""
    made = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=WIDTHS["desktop"], bypass_csp=True)
    yield made
    made.close()


def test_three_open_invoices_paid_in_one_approval_show_as_paid_and_the_balance_falls_live(
    context: BrowserContext, portal: PortalServer, axe_script: Path
) -> None:
    page = context.new_page()
    sign_in_by_link(page, portal, EMAIL)
    balance = page.locator(".balance__amount").first
    expect(balance).to_contain_text("1.500,00 kr.")  # 250,00 + 500,00 + 750,00

    page.locator(".to-pay").get_by_role("link", name="Betal alle åbne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Betal åbne fakturaer")
    for number in SEVERAL_INVOICES:
        expect(page.get_by_label(f"Faktura {number}")).to_be_checked()
    expect(page.locator("#pay-total")).to_have_text("1.500,00 kr.")
    page.get_by_label(f"Faktura {SEVERAL_INVOICES[0]}").uncheck()  # the sum follows the boxes
    expect(page.locator("#pay-total")).to_have_text("1.250,00 kr.")
    page.get_by_label(f"Faktura {SEVERAL_INVOICES[0]}").check()
    expect(page.locator("#pay-total")).to_have_text("1.500,00 kr.")
    expect(page.get_by_label("Mobilnummer")).to_have_value(PHONE)
    assert blocking(audit(page, "pay-several", axe_script)) == []

    page.get_by_role("button", name="Betal de valgte fakturaer med MobilePay").click()
    expect(page).to_have_url(_PAYMENT_URL)
    found = _PAYMENT_URL.search(page.url)
    assert found is not None
    expect(page.get_by_role("heading", level=1)).to_have_text("Betaling af 3 fakturaer")
    status = page.locator("#payment-status")
    expect(status).to_have_attribute("data-status", "pending")
    page.evaluate("() => { window.stayedOnThePage = true; }")

    phone = context.new_page()
    try:
        phone.goto(f"/simulator/mobilepay/phone?phone={PHONE.lstrip('+')}")
        request = phone.locator("article").filter(has=phone.locator("code", has_text=found.group(1)))
        expect(request).to_have_count(1)
        expect(request).to_contain_text("Fakturaer " + ", ".join(SEVERAL_INVOICES))  # one request for all three
        request.get_by_role("button", name="Approve").click()
        expect(phone.get_by_text("You approved the payment request")).to_be_visible()
    finally:
        phone.close()

    expect(status).to_have_attribute("data-status", "complete", timeout=LIVE_SECONDS * 1000)
    for number in SEVERAL_INVOICES:
        expect(status.locator(f"[data-invoice='{number}']")).to_contain_text("Betalt")
    expect(status.locator(f"[data-balance='{SEVERAL_PAYER['customer_no']}']")).to_contain_text("0,00 kr.")
    assert page.evaluate("() => window.stayedOnThePage === true"), "the page reloaded instead of updating in place"
    assert blocking(audit(page, "pay-several-complete", axe_script)) == []
    status.get_by_role("link", name="Tilbage til dine dokumenter").click()
    expect(page.locator(".balance__amount").first).to_contain_text("0,00 kr.")
