"""Issue 19 in a real browser, in Danish and English at phone (390×844) and desktop (1280×900) size: an invoice's money
explained (paid outside, a credit note, a MobilePay payment, what is left), a credit note as a minus amount and where
it went, the waiting-payment banner with its cancel button, the list's "to pay" group with days overdue, the first
document on the first screen of a phone, and the dealer's brand in the header. axe-core finds nothing on any of them
(no violation of any impact); the screenshots are kept in artifacts/screenshots/money-*.png.

Everything is done as MONEY_USER, who signs in three times in all: each address may ask for 5 sign-in mails in 10
minutes, and the demo address's are taken by the other browser tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.page_audit import SCREENSHOTS, WIDTHS, audit
from tests.e2e.portal_server import MONEY_CREDIT_NOTE, MONEY_INVOICE, MONEY_OPEN_INVOICE, MONEY_USER, PortalServer
from tests.e2e.signing_in import sign_in_by_link

pytestmark = pytest.mark.e2e
EMAIL = MONEY_USER["email"]
PHONE = MONEY_USER["phone"]
LIVE_SECONDS = 30  # an upper bound on waiting for the webhook and the capture, never a timing assertion
_PAYMENT_URL = re.compile(r"/payments/([0-9a-f-]{36})$")
_FOUND: dict[str, dict[str, list[dict[str, Any]]]] = {}


@pytest.fixture
def money_context(browser: Browser, portal: PortalServer) -> Iterator[BrowserContext]:
    """A fresh Danish browser at desktop size; bypass_csp only so that axe-core can be injected."""
    made = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=WIDTHS["desktop"], bypass_csp=True)
    yield made
    made.close()


def _open(page: Page, number: str, lang: str) -> None:
    """The document's page in `lang`, through the list's search."""
    page.goto(f"/documents?q={number}&lang={lang}")
    page.get_by_role("link", name=number, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def _checked(page: Page, name: str, axe_script: Path) -> None:
    """Screenshots at both sizes and axe-core's findings, kept for the assertion at the end of the test."""
    _FOUND[name] = audit(page, f"money-{name}", axe_script)


def _no_violations(*names: str) -> None:
    results = {name: _FOUND[name] for name in names}
    (SCREENSHOTS / f"axe-results-money-{names[0]}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    for name in names:
        for label in WIDTHS:
            assert (SCREENSHOTS / f"money-{name}-{label}.png").exists()
    found = {f"{name} ({width})": v for name, by_width in results.items() for width, v in by_width.items() if v}
    assert found == {}


def _row(page: Page, label: str) -> Locator:
    """The totals block's line whose label starts with `label`."""
    return page.locator(".totals > div").filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(label)}")))


def _fact(region: Locator, label: str) -> Locator:
    """The value beside `label` in a list of facts (dt/dd)."""
    return region.locator("dl > div").filter(has=region.page.locator("dt", has_text=label)).locator("dd")


def _pay(page: Page, context: BrowserContext, number: str, amount: str, *, approve: bool | None) -> str:
    """Start a payment of `amount` on the invoice (Danish form); approve it on the simulator's phone when asked."""
    _open(page, number, "da")
    page.get_by_role("link", name="Betal med MobilePay").click()
    page.get_by_label("Beløb i DKK").fill(amount)
    page.get_by_role("button", name="Bekræft og betal med MobilePay").click()
    expect(page).to_have_url(_PAYMENT_URL)
    found = _PAYMENT_URL.search(page.url)
    assert found is not None
    payment_id = found.group(1)
    if approve is not None:
        phone = context.new_page()
        try:
            phone.goto(f"/simulator/mobilepay/phone?phone={PHONE.lstrip('+')}")
            request = phone.locator("article").filter(has=phone.locator("code", has_text=payment_id))
            request.get_by_role("button", name="Approve" if approve else "Reject").click()
            expect(phone.get_by_text("You approved the payment request")).to_be_visible()
        finally:
            phone.close()
        expect(page.locator("#payment-status")).to_have_attribute(
            "data-status", "complete", timeout=LIVE_SECONDS * 1000
        )
    return payment_id


def test_an_invoice_explains_its_money_and_a_credit_note_says_where_it_went(
    money_context: BrowserContext, portal: PortalServer, axe_script: Path
) -> None:
    page = money_context.new_page()
    sign_in_by_link(page, portal, EMAIL)
    _pay(page, money_context, MONEY_INVOICE, "100,00", approve=True)

    _open(page, MONEY_INVOICE, "da")  # 2.500,00 − 500,00 outside − 250,00 credit − 100,00 MobilePay = 1.650,00
    expect(page.locator(".doc-head__amount")).to_have_text("1.650,00 kr.")
    expect(_row(page, "I alt inkl. moms").locator("dd")).to_have_text("2.500,00 kr.")
    expect(_row(page, "Betalt uden for portalen").locator("dd")).to_have_text("−500,00 kr.")
    expect(_row(page, f"Kreditnota {MONEY_CREDIT_NOTE}").locator("dd")).to_have_text("−250,00 kr.")
    expect(_row(page, "MobilePay-betaling").locator("dd")).to_have_text("−100,00 kr.")
    expect(_row(page, "Udestående").locator("dd")).to_have_text("1.650,00 kr.")
    _checked(page, "invoice-da", axe_script)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(_row(page, "Total incl. VAT").locator("dd")).to_have_text("DKK 2,500.00")
    expect(_row(page, "Paid outside the portal").locator("dd")).to_have_text("−DKK 500.00")
    expect(_row(page, f"Credit note {MONEY_CREDIT_NOTE}").locator("dd")).to_have_text("−DKK 250.00")
    expect(_row(page, "MobilePay payment").locator("dd")).to_have_text("−DKK 100.00")
    expect(_row(page, "Outstanding").locator("dd")).to_have_text("DKK 1,650.00")
    _checked(page, "invoice-en", axe_script)

    page.locator(".totals").get_by_role("link", name=MONEY_CREDIT_NOTE).click()  # the credit's own page
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Credit note {MONEY_CREDIT_NOTE}")
    expect(page.locator(".doc-head__amount")).to_have_text("−DKK 250.00")
    expect(_row(page, f"Applied to invoice {MONEY_INVOICE}").locator("dd")).to_have_text("DKK 250.00")
    expect(_row(page, "Unapplied credit").locator("dd")).to_have_text("DKK 0.00")
    _checked(page, "credit-note-en", axe_script)
    page.get_by_role("link", name="Dansk").click()
    expect(page.locator(".doc-head__amount")).to_have_text("−250,00 kr.")
    expect(_row(page, f"Modregnet i faktura {MONEY_INVOICE}").locator("dd")).to_have_text("250,00 kr.")
    page.locator(".totals").get_by_role("link", name=MONEY_INVOICE).click()  # and back where it went
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {MONEY_INVOICE}")
    page.go_back()
    _checked(page, "credit-note-da", axe_script)
    _no_violations("invoice-da", "invoice-en", "credit-note-en", "credit-note-da")


def test_a_waiting_payment_shows_on_the_list_invoice_and_status_page_and_is_cancelled_from_the_invoice(
    money_context: BrowserContext, portal: PortalServer, axe_script: Path
) -> None:
    page = money_context.new_page()
    sign_in_by_link(page, portal, EMAIL)
    payment_id = _pay(page, money_context, MONEY_OPEN_INVOICE, "50", approve=None)

    status = page.locator("#payment-status")  # the status page: where the request went and until when
    expect(_fact(status, "Sendt til")).to_have_text(PHONE)
    expect(_fact(status, "Godkend senest")).to_have_text(re.compile(r"^\d\d\.\d\d \(dansk tid\)$"))
    _checked(page, "payment-waiting-da", axe_script)
    page.goto(f"/payments/{payment_id}?lang=en")
    expect(_fact(status, "Sent to")).to_have_text(PHONE)
    expect(_fact(status, "Approve by")).to_have_text(re.compile(r"^\d\d:\d\d \(Danish time\)$"))
    _checked(page, "payment-waiting-en", axe_script)

    page.goto("/documents?lang=da")
    row = page.locator("#all-documents .doc-table tbody tr").filter(has_text=MONEY_OPEN_INVOICE)
    expect(row.locator(".status--pending")).to_have_text("Betaling afventer")
    _open(page, MONEY_OPEN_INVOICE, "en")
    waiting = page.locator(".notice--pending")
    expect(waiting).to_contain_text(f"A payment of DKK 50.00 to {PHONE} is waiting for approval in MobilePay")
    expect(waiting.get_by_role("link", name="Open the payment")).to_have_attribute("href", f"/payments/{payment_id}")
    _checked(page, "pending-banner-en", axe_script)
    page.get_by_role("link", name="Dansk").click()
    expect(waiting).to_contain_text(f"En betaling på 50,00 kr. til {PHONE} venter på godkendelse i MobilePay")
    _checked(page, "pending-banner-da", axe_script)
    waiting.get_by_role("button", name="Annullér betalingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {MONEY_OPEN_INVOICE}")
    expect(page.locator(".notice--pending")).to_have_count(0)
    expect(page.get_by_role("link", name="Betal med MobilePay")).to_be_visible()  # free to pay again
    page.goto(f"/payments/{payment_id}")
    expect(status).to_have_attribute("data-status", "failed")
    expect(status).to_contain_text("Betalingsanmodningen blev annulleret.")
    _no_violations("payment-waiting-da", "payment-waiting-en", "pending-banner-en", "pending-banner-da")


def test_the_list_puts_what_to_pay_first_says_how_late_and_fits_a_phone_under_the_dealer_s_brand(
    browser: Browser, portal: PortalServer, axe_script: Path
) -> None:
    phone = WIDTHS["phone"]
    context = browser.new_context(
        base_url=portal.base_url, locale="da-DK", viewport=phone, has_touch=True, bypass_csp=True
    )
    try:
        page = context.new_page()
        sign_in_by_link(page, portal, EMAIL)
        for lang, to_pay, late in (("da", "Skal betales", "dage over forfald"), ("en", "To pay", "days overdue")):
            page.goto(f"/documents?lang={lang}")
            page.set_viewport_size(phone)
            brand = page.locator(".site-header .brand")
            expect(brand).to_have_text("Nordvej Biler")
            expect(brand.locator("img.brand__logo")).to_have_attribute("src", "/brand/logo")
            logo = brand.locator("img.brand__logo").bounding_box()
            assert logo is not None and logo["width"] > 0  # the image loaded and is drawn
            expect(page.locator(".site-footer__support")).to_contain_text("kundeservice@nordvej.dk")
            first = page.locator(".doc-table tbody tr").first
            box = first.bounding_box()
            assert box is not None
            assert box["y"] + box["height"] <= phone["height"], box  # wholly on the first screen
            group = page.locator("section.to-pay")
            expect(group.get_by_role("heading", level=2)).to_have_text(to_pay)
            overdue = group.locator("tbody tr").first  # overdue first
            expect(overdue.locator(".doc-table__number")).to_have_text(MONEY_INVOICE)
            expect(overdue.locator(".due--late")).to_have_text(re.compile(rf"^\d+ {late}$"))
            expect(group.locator("tbody tr").filter(has_text=MONEY_OPEN_INVOICE)).to_have_count(1)
            credit = page.locator("#all-documents tbody tr").filter(has_text=MONEY_CREDIT_NOTE)
            expect(credit.locator(".doc-table__total")).to_have_text("−250,00 kr." if lang == "da" else "−DKK 250.00")
            _checked(page, f"list-{lang}", axe_script)
    finally:
        context.close()
    _no_violations("list-da", "list-en")
