"""Paying an invoice with MobilePay in a real browser (PRODUCT §6): Chromium against `portal serve`, whose embedded
simulator has the "phone" page where the person approves or rejects, in a second tab."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.page_audit import SCREENSHOTS, WIDTHS, audit, blocking
from tests.e2e.portal_server import PAYER, PAYER_INVOICES, PortalServer
from tests.e2e.signing_in import sign_in_by_link

pytestmark = pytest.mark.e2e
PHONE = PAYER["phone"]  # the payer's customer record: the form's prefill
EMAIL = PAYER["email"]  # not the demo address: its sign-in mails are counted by the other browser tests
LIVE_SECONDS = 30  # an upper bound on waiting for the webhook and the capture, never a timing assertion
_PAYMENT_URL = re.compile(r"/payments/([0-9a-f-]{36})$")


def _open_pay_form(page: Page, number: str) -> None:
    page.goto(f"/documents?q={number}")
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {number}")
    page.get_by_role("link", name="Betal med MobilePay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Betal faktura {number}")


def _confirm(page: Page) -> str:
    """Confirm the prefilled form; the payment's id from the status page it leads to."""
    page.get_by_role("button", name="Bekræft og betal med MobilePay").click()
    expect(page).to_have_url(_PAYMENT_URL)
    found = _PAYMENT_URL.search(page.url)
    assert found is not None
    return found.group(1)


def _answer_on_the_phone(context: BrowserContext, payment_id: str, *, approve: bool) -> None:
    """In a second tab, the simulator's phone page: find the request with this reference and press the button."""
    phone = context.new_page()
    try:
        phone.goto(f"/simulator/mobilepay/phone?phone={PHONE.lstrip('+')}")
        request = phone.locator("article").filter(has=phone.locator("code", has_text=payment_id))
        expect(request).to_have_count(1)
        request.get_by_role("button", name="Approve" if approve else "Reject").click()
        expect(phone.get_by_text(f"You {'approved' if approve else 'rejected'} the payment request")).to_be_visible()
    finally:
        phone.close()


def _stay_marker(page: Page) -> None:
    """A mark on this document that any navigation or reload would wipe out."""
    page.evaluate("() => { window.stayedOnThePage = true; }")


def _stayed(page: Page) -> bool:
    return bool(page.evaluate("() => window.stayedOnThePage === true"))


def _csp_reports(page: Page) -> list[str]:
    reports: list[str] = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    return reports


def test_an_approved_payment_shows_as_paid_live_and_the_invoice_is_paid(
    context: BrowserContext, portal: PortalServer
) -> None:
    page = context.new_page()
    reports = _csp_reports(page)
    sign_in_by_link(page, portal, EMAIL)
    _open_pay_form(page, PAYER_INVOICES[0])
    expect(page.get_by_label("Beløb i DKK")).to_have_value(re.compile(r"^\d{1,3}(\.\d{3})*,\d{2}$"))
    expect(page.get_by_label("Mobilnummer")).to_have_value(PHONE)
    payment_id = _confirm(page)
    status = page.locator("#payment-status")
    expect(status).to_have_attribute("data-status", "pending")
    expect(status).to_contain_text("Godkend betalingen i MobilePay-appen på din telefon")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("link", name="Opdater")).to_be_hidden()  # the script follows the payment itself
    _stay_marker(page)

    _answer_on_the_phone(context, payment_id, approve=True)

    expect(status).to_have_attribute("data-status", "complete", timeout=LIVE_SECONDS * 1000)
    expect(status).to_contain_text("Betalingen er gennemført")
    expect(status).to_contain_text("er betalt")
    assert _stayed(page), "the page reloaded or navigated instead of updating in place"
    status.get_by_role("link", name="Tilbage til fakturaen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {PAYER_INVOICES[0]}")
    expect(page.locator(".doc-head .status")).to_have_text("Betalt")
    expect(page.get_by_role("link", name="Betal med MobilePay")).to_have_count(0)
    assert reports == []


def test_a_rejected_payment_shows_as_failed_live_with_a_way_to_try_again(
    context: BrowserContext, portal: PortalServer
) -> None:
    page = context.new_page()
    reports = _csp_reports(page)
    sign_in_by_link(page, portal, EMAIL)
    _open_pay_form(page, PAYER_INVOICES[1])
    page.get_by_label("Beløb i DKK").fill("100,50")
    payment_id = _confirm(page)
    expect(page.locator(".pay-summary")).to_contain_text("100,50")
    _stay_marker(page)

    _answer_on_the_phone(context, payment_id, approve=False)

    status = page.locator("#payment-status")
    expect(status).to_have_attribute("data-status", "failed", timeout=LIVE_SECONDS * 1000)
    expect(status).to_contain_text("Betalingen blev afvist i MobilePay-appen.")
    assert _stayed(page)
    status.get_by_role("link", name="Prøv igen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Betal faktura {PAYER_INVOICES[1]}")
    assert reports == []


def test_the_payment_pages_at_phone_and_desktop_width_have_no_serious_accessibility_violation(
    browser: Browser, portal: PortalServer, axe_script: Path
) -> None:
    """The form, its errors, and the status page pending, failed and complete: screenshots and axe-core on each."""
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    desktop = WIDTHS["desktop"]
    context = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=desktop, bypass_csp=True)
    try:  # bypass_csp only so that axe-core can be injected
        page = context.new_page()
        sign_in_by_link(page, portal, EMAIL)
        _open_pay_form(page, PAYER_INVOICES[2])
        results["pay"] = audit(page, "pay", axe_script)
        page.get_by_label("Beløb i DKK").fill("mange penge")
        page.get_by_label("Mobilnummer").fill("12")
        page.get_by_role("button", name="Bekræft og betal med MobilePay").click()
        expect(page.locator(".field-error")).to_have_count(1)
        results["pay-errors"] = audit(page, "pay-errors", axe_script)
        page.get_by_label("Beløb i DKK").fill("250")
        page.get_by_label("Mobilnummer").fill(PHONE)
        payment_id = _confirm(page)
        results["payment-pending"] = audit(page, "payment-pending", axe_script)
        _answer_on_the_phone(context, payment_id, approve=False)
        expect(page.locator("#payment-status")).to_have_attribute("data-status", "failed", timeout=LIVE_SECONDS * 1000)
        results["payment-failed"] = audit(page, "payment-failed", axe_script)
        page.get_by_role("link", name="Prøv igen").click()
        payment_id = _confirm(page)
        _answer_on_the_phone(context, payment_id, approve=True)
        expect(page.locator("#payment-status")).to_have_attribute(
            "data-status", "complete", timeout=LIVE_SECONDS * 1000
        )
        results["payment-complete"] = audit(page, "payment-complete", axe_script)
    finally:
        context.close()
    (SCREENSHOTS / "axe-results-payment.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    found = {name: blocking(violations) for name, violations in results.items()}
    assert {name: v for name, v in found.items() if v} == {}


def test_a_waiting_payment_shows_on_its_invoice_and_is_cancelled_from_there(
    context: BrowserContext, portal: PortalServer
) -> None:
    """PRODUCT §6.7, §13: the invoice names the payment waiting in the app, links it, and cancels it."""
    number = PAYER_INVOICES[3]
    page = context.new_page()
    reports = _csp_reports(page)
    sign_in_by_link(page, portal, EMAIL)
    _open_pay_form(page, number)
    page.get_by_label("Beløb i DKK").fill("50")
    payment_id = _confirm(page)
    page.get_by_role("link", name=f"Faktura {number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {number}")
    waiting = page.locator(".notice--pending")
    expect(waiting).to_contain_text(f"En betaling på 50,00 kr. til {PHONE} venter på godkendelse i MobilePay")
    expect(waiting.get_by_role("link", name="Åbn betalingen")).to_have_attribute("href", f"/payments/{payment_id}")
    waiting.get_by_role("button", name="Annullér betalingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {number}")
    expect(page.locator(".notice--pending")).to_have_count(0)
    page.goto(f"/payments/{payment_id}")
    status = page.locator("#payment-status")
    expect(status).to_have_attribute("data-status", "failed")
    expect(status).to_contain_text("Betalingsanmodningen blev annulleret.")
    assert reports == []
