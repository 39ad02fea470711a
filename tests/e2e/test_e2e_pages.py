"""The customer's pages in a real browser (PRODUCT §2, §4): Chromium against `portal serve` over HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.page_audit import SCREENSHOTS, WIDTHS, audit, blocking
from tests.e2e.portal_server import DEMO_EMAIL, FILLER, PHONE_USER, PortalServer

pytestmark = pytest.mark.e2e
MASKED = "m•••@example.dk"
DESKTOP = WIDTHS["desktop"]
DEMO_DOCUMENTS_OF_THE_ADDRESS = 7  # the demo's documents of C-1001 and C-2001, which share the demo address


def _ask_for_mail(page: Page, portal: PortalServer, email: str = DEMO_EMAIL) -> dict[str, Any]:
    """Fill in the sign-in form (the page must show it) and return the mail it sent."""
    seen = len(portal.mails_to(email))
    page.get_by_label("E-mailadresse").fill(email)
    page.get_by_role("button", name="Send mig et login-link").click()
    expect(page).to_have_url(re.compile(r"/login/code"))
    return portal.next_mail_to(email, seen)


def _sign_in(page: Page, portal: PortalServer, email: str = DEMO_EMAIL) -> None:
    page.goto("/login")
    page.goto(portal.link_in(_ask_for_mail(page, portal, email)))
    expect(page).to_have_url(re.compile(r"/documents$"))


def _csp_reports(page: Page) -> list[str]:
    reports: list[str] = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    return reports


def test_sign_in_through_the_link_from_the_mail_in_one_click(context: BrowserContext, portal: PortalServer) -> None:
    page = context.new_page()
    reports = _csp_reports(page)
    page.goto("/documents")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fdocuments$"))
    mail = _ask_for_mail(page, portal)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    page.goto(portal.link_in(mail))
    expect(page).to_have_url(f"{portal.base_url}/documents")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine dokumenter")
    expect(page.locator(".sign-out__who")).to_have_text(DEMO_EMAIL)
    assert reports == []


def test_sign_in_by_typing_the_code(context: BrowserContext, portal: PortalServer) -> None:
    page = context.new_page()
    page.goto("/login")
    mail = _ask_for_mail(page, portal)
    page.get_by_label("6-cifret kode").fill(portal.code_in(mail))
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(f"{portal.base_url}/documents")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine dokumenter")


def test_another_browser_gets_continue_and_signs_in_only_on_the_button(
    context: BrowserContext, browser: Browser, portal: PortalServer
) -> None:
    page = context.new_page()
    page.goto("/login")
    link = portal.link_in(_ask_for_mail(page, portal))
    other = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=DESKTOP)
    try:
        scanner = other.new_page()
        scanner.goto(link)
        expect(scanner.get_by_role("heading", level=1)).to_have_text("Fortsæt med at logge ind")
        scanner.goto("/documents")
        expect(scanner).to_have_url(re.compile(r"/login\?next="))  # the GET signed no one in
        scanner.goto(link)
        scanner.get_by_role("button", name=f"Fortsæt som {MASKED}").click()
        expect(scanner).to_have_url(f"{portal.base_url}/documents")
    finally:
        other.close()


def test_search_filter_page_through_open_a_document_switch_language_and_sign_out(
    context: BrowserContext, portal: PortalServer
) -> None:
    page = context.new_page()
    reports = _csp_reports(page)
    _sign_in(page, portal)
    rows = page.locator("#all-documents .doc-table tbody tr")
    expect(rows).to_have_count(25)
    page.get_by_role("link", name="Næste side").click()
    expect(rows).to_have_count(DEMO_DOCUMENTS_OF_THE_ADDRESS + FILLER - 25)
    page.get_by_role("link", name="Første side").click()
    expect(rows).to_have_count(25)

    page.get_by_label("Søg", exact=True).fill("CD67890")
    page.get_by_role("button", name="Vis").click()
    expect(rows).to_have_count(2)
    expect(page.locator(".doc-table__number")).to_have_text(["INV-10024", "INV-10022"])

    page.get_by_role("link", name="Nulstil").click()
    page.get_by_label("Type", exact=True).select_option("credit_note")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator(".doc-table__number")).to_have_text(["CN-7001"])
    expect(page.locator(".doc-table .badge")).to_have_text(["Kreditnota"])

    page.get_by_label("Type", exact=True).select_option("")
    page.get_by_label("Fakturastatus").select_option("overdue")
    page.get_by_role("button", name="Vis").click()
    for status in page.locator(".doc-table .status").all_inner_texts():
        assert status.strip() == "Forfalden"

    page.get_by_role("link", name="Nulstil").click()
    page.get_by_role("link", name="INV-10023", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Faktura INV-10023")
    expect(page.get_by_role("link", name="Betal med MobilePay")).to_have_attribute("href", re.compile(r"/pay$"))
    expect(page.get_by_role("link", name="Hent PDF")).to_have_attribute("href", re.compile(r"^/api/v1/documents/"))
    expect(page.locator(".lines tbody tr")).to_have_count(4)
    expect(page.get_by_role("link", name="ORD-5001")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invoice INV-10023")
    expect(page.get_by_role("link", name="Pay with MobilePay")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login\?signed_out=1$"))
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto("/documents")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    assert reports == []


def test_every_page_at_phone_and_desktop_width_has_no_serious_accessibility_violation(
    browser: Browser, portal: PortalServer, axe_script: Path
) -> None:
    """Visits each page, saves its screenshots, runs axe-core on it; fails on any serious or critical finding."""
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    contexts = [
        browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=DESKTOP, bypass_csp=True)
        for _ in range(3)
    ]  # bypass_csp only so that axe-core can be injected
    try:
        person, scanner, stranger = (c.new_page() for c in contexts)
        person.goto("/login")
        results["login"] = audit(person, "login", axe_script)
        link = portal.link_in(_ask_for_mail(person, portal))
        results["code"] = audit(person, "code", axe_script)
        scanner.goto(link)
        results["continue"] = audit(scanner, "continue", axe_script)
        person.goto(link)
        expect(person).to_have_url(re.compile(r"/documents$"))
        results["list"] = audit(person, "list", axe_script)
        scanner.goto(link)
        expect(scanner.get_by_role("heading", level=1)).to_have_text("Linket er allerede brugt")
        results["link-used"] = audit(scanner, "link-used", axe_script)
        person.get_by_role("link", name="INV-10023", exact=True).click()
        results["detail"] = audit(person, "detail", axe_script)
        person.goto("/documents/no-such-document")
        results["not-found"] = audit(person, "not-found", axe_script)
        person.goto("/documents/no-such-document?lang=en")
        results["not-found-en"] = audit(person, "not-found-en", axe_script)
        person.goto("/documents?lang=da")
        for _ in range(6):
            stranger.goto("/login")
            stranger.get_by_label("E-mailadresse").fill("limit@example.dk")
            stranger.get_by_role("button", name="Send mig et login-link").click()
        expect(stranger.get_by_role("heading", level=1)).to_have_text("For mange forsøg")
        results["rate-limited"] = audit(stranger, "rate-limited", axe_script)
    finally:
        for made in contexts:
            made.close()
    (SCREENSHOTS / "axe-results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    for name in results:
        assert (SCREENSHOTS / f"{name}-phone.png").exists()
        assert (SCREENSHOTS / f"{name}-desktop.png").exists()
    found = {name: blocking(violations) for name, violations in results.items()}
    assert {name: v for name, v in found.items() if v} == {}


def test_on_a_phone_the_documents_come_first_and_the_whole_row_opens_one(
    browser: Browser, portal: PortalServer
) -> None:
    """At 390×844 the first document is on the first screen (filters behind a toggle, balances one line each), the
    whole row is the tap target, and an overdue invoice says how late it is (issue: mobile-first list)."""
    phone = WIDTHS["phone"]
    context = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=phone, has_touch=True)
    try:
        page = context.new_page()
        _sign_in(page, portal, PHONE_USER["email"])
        rows = page.locator(".doc-table tbody tr")
        first = rows.first
        box = first.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= phone["height"], box  # wholly visible without scrolling
        assert box["height"] >= 44
        expect(page.get_by_label("Søg", exact=True)).to_be_hidden()
        page.get_by_text("Søg og filtrér").click()
        expect(page.get_by_label("Søg", exact=True)).to_be_visible()
        late = page.locator("tr.is-overdue .due--late").first
        expect(late).to_have_text(re.compile(r"^\d+ dage over forfald$"))
        number = first.locator(".doc-table__number").inner_text()
        first.tap(position={"x": box["width"] - 12, "y": box["height"] - 12})  # far from the number's text
        expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    finally:
        context.close()


def test_a_statement_opens_from_the_balance_at_phone_width_and_downloads_its_pdf(
    browser: Browser, portal: PortalServer, axe_script: Path
) -> None:
    """PRODUCT §13: the balance links to the statement; at 390×844 it lists the open items, axe finds nothing, and
    the button downloads `Statement-C-1950-<today>.pdf`."""
    phone = WIDTHS["phone"]
    context = browser.new_context(
        base_url=portal.base_url, locale="da-DK", viewport=phone, has_touch=True, bypass_csp=True
    )  # bypass_csp only so that axe-core can be injected
    try:
        page = context.new_page()
        _sign_in(page, portal, PHONE_USER["email"])
        page.get_by_role("link", name=re.compile(r"Kontoudtog$")).click()
        expect(page).to_have_url(re.compile(rf"/statements/{PHONE_USER['customer_no']}\?currency=DKK$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Kontoudtog")
        expect(page.locator(".statement-table tbody tr")).to_have_count(3)
        expect(page.locator(".statement-table .due--late")).to_have_text(
            ["36 dage over forfald", "16 dage over forfald"]
        )
        with page.expect_download() as downloading:
            page.get_by_role("link", name="Hent PDF").click()
        download = downloading.value
        assert re.fullmatch(
            rf"Statement-{PHONE_USER['customer_no']}-\d{{4}}-\d\d-\d\d\.pdf", download.suggested_filename
        )
        assert Path(download.path()).read_bytes().startswith(b"%PDF-")
        violations = audit(page, "statement", axe_script)
        assert violations["phone"] == [], violations["phone"]
        assert blocking(violations) == []
    finally:
        context.close()
