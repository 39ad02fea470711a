"""A staff member's direct document link in a real browser (PRODUCT §7): shared with `portal links share`, followed
signed out, one click for a code, signed in from the email, and on to the document."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.page_audit import SCREENSHOTS, WIDTHS, audit, blocking
from tests.e2e.portal_server import PortalServer

pytestmark = pytest.mark.e2e
EMAIL = "soren@example.dk"  # the party of the demo's INV-10025; not the demo address, whose mails other tests count
MASKED = "s•••@example.dk"
INVOICE = "INV-10025"


def _share(portal: PortalServer) -> dict[str, Any]:
    shared: dict[str, Any] = json.loads(portal.cli("links", "share", "invoice", INVOICE, "--json"))
    assert shared["url"].startswith(f"{portal.base_url}/l/")
    return shared


def _ask_for_a_code(page: Page, portal: PortalServer) -> dict[str, Any]:
    """On the link's landing page (signed out): press the button; the mail it sent."""
    seen = len(portal.mails_to(EMAIL))
    page.get_by_role("button", name="Send mig en kode").click()
    expect(page).to_have_url(re.compile(r"/login/code\?next=%2Fdocuments%2F[0-9a-f-]{36}$"))
    return portal.next_mail_to(EMAIL, seen)


def _on_the_invoice(page: Page, portal: PortalServer) -> None:
    expect(page).to_have_url(re.compile(rf"^{re.escape(portal.base_url)}/documents/[0-9a-f-]{{36}}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Faktura {INVOICE}")
    expect(page.locator(".sign-out__who")).to_have_text(EMAIL)


def test_signed_out_the_link_mails_a_code_and_the_email_signs_in_on_the_document(
    context: BrowserContext, portal: PortalServer
) -> None:
    shared = _share(portal)
    page = context.new_page()
    page.goto(shared["url"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind for at se dokumentet")
    expect(page.locator(".lead")).to_have_text(f"Vi sender en kode til {MASKED}.")
    mail = _ask_for_a_code(page, portal)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    expect(page.locator(".lead")).to_contain_text(MASKED)
    page.goto(portal.link_in(mail))  # the same browser: one click
    _on_the_invoice(page, portal)
    page.goto(shared["url"])  # now signed in as the party: straight on
    _on_the_invoice(page, portal)


def test_signed_out_a_new_code_from_the_email_also_lands_on_the_document(
    context: BrowserContext, portal: PortalServer
) -> None:
    page = context.new_page()
    page.goto(_share(portal)["url"])
    _ask_for_a_code(page, portal)
    expect(page.get_by_label("E-mailadresse")).to_have_count(0)  # the code alone: no address to retype
    seen = len(portal.mails_to(EMAIL))
    page.get_by_role("button", name="Send en ny kode").click()  # to the same address, neither shown nor asked for
    expect(page.get_by_role("status")).to_contain_text(f"En ny e-mail med en ny kode er på vej til {MASKED}")
    mail = portal.next_mail_to(EMAIL, seen)
    page.get_by_label("6-cifret kode").fill(portal.code_in(mail))
    page.get_by_role("button", name="Log ind").click()
    _on_the_invoice(page, portal)


def test_a_revoked_link_reveals_nothing_but_sends_a_fresh_link_and_a_tampered_one_is_not_found(
    context: BrowserContext, browser: Browser, portal: PortalServer
) -> None:
    shared = _share(portal)
    portal.cli("links", "revoke", shared["id"])
    page = context.new_page()
    answer = page.goto(shared["url"])
    assert answer is not None
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Linket kan ikke længere bruges")
    expect(page.locator("main")).not_to_contain_text(MASKED)
    expect(page.locator("main")).not_to_contain_text(INVOICE)
    seen = len(portal.mails_to(EMAIL))
    page.get_by_role("button", name="Send mig et nyt link").click()
    expect(page).to_have_url(f"{portal.base_url}/login/code")
    page.goto(portal.link_in(portal.next_mail_to(EMAIL, seen)))
    _on_the_invoice(page, portal)

    stranger = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=WIDTHS["desktop"])
    try:
        other = stranger.new_page()
        tampered = other.goto(shared["url"][:-3] + ("abc" if not shared["url"].endswith("abc") else "xyz"))
        assert tampered is not None
        assert tampered.status == 404
        expect(other.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
        expect(other.get_by_role("button", name="Send mig et nyt link")).to_have_count(0)
    finally:
        stranger.close()


def test_the_link_pages_at_phone_and_desktop_width_have_no_serious_accessibility_violation(
    browser: Browser, portal: PortalServer, axe_script: Path
) -> None:
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    shared = _share(portal)
    context = browser.new_context(
        base_url=portal.base_url, locale="da-DK", viewport=WIDTHS["desktop"], bypass_csp=True
    )  # bypass_csp only so that axe-core can be injected
    try:
        page = context.new_page()
        page.goto(shared["url"])
        results["direct-link"] = audit(page, "direct-link", axe_script)
        portal.cli("links", "revoke", shared["id"])
        page.goto(shared["url"])
        expect(page.get_by_role("heading", level=1)).to_have_text("Linket kan ikke længere bruges")
        results["direct-link-expired"] = audit(page, "direct-link-expired", axe_script)
    finally:
        context.close()
    (SCREENSHOTS / "axe-results-direct-link.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    found = {name: blocking(violations) for name, violations in results.items()}
    assert {name: v for name, v in found.items() if v} == {}
