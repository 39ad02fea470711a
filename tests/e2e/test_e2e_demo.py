"""`portal demo --port <free port>` as a newcomer meets it (issue 18): sign in from the mailbox, pay on the phone page,
pay the overdue invoice whose credit note is explained on it (issue 19), and a terminal without a traceback or a 503.
Its screenshots are the README's tour (artifacts/tour/)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.page_audit import WIDTHS
from tests.e2e.portal_server import DEMO_EMAIL
from tests.portal_process import PORTAL, ROOT, free_port, stop

pytestmark = pytest.mark.e2e
TOUR = ROOT / "artifacts" / "tour"
START_SECONDS = 120  # an upper bound on the demo's start, never a timing assertion
LIVE_SECONDS = 30
MOBILE = "+4520123456"  # the demo person's mobile number


class Demo:
    def __init__(self, base_url: str, log: Path) -> None:
        self.base_url = base_url
        self.log = log


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    work = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env |= {"PORTAL_VAR_DIR": str(work / "var"), "PORTAL_DATABASE_URL": f"sqlite:///{work / 'var' / 'portal.db'}"}
    log = work / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen([*PORTAL, "demo", "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            _wait_for_banner(process, log)
            yield Demo(f"http://127.0.0.1:{port}", log)
        finally:
            stop(process)


def _wait_for_banner(process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`portal demo` exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if "portal demo: ready at" in log.read_text(errors="replace"):
            return
        time.sleep(0.2)
    pytest.fail(f"`portal demo` printed no ready line within {START_SECONDS} s:\n{log.read_text()[-3000:]}")


def _wait_for_mail(demo: Demo, *, holding: str = "", what: str = "sign-in mail") -> None:
    """Until the worker has delivered a mail to the demo person whose text holds `holding` (bounded; waiting for
    the event, not timing it)."""
    deadline = time.monotonic() + LIVE_SECONDS
    while time.monotonic() < deadline:
        mails = httpx.get(f"{demo.base_url}/dev/mail.json", timeout=10).json()
        if any(DEMO_EMAIL in mail["to"] and holding in (mail.get("text") or "") for mail in mails):
            return
        time.sleep(0.2)
    pytest.fail(f"no {what} reached the demo's mailbox")


def _shot(page: Page, name: str) -> None:
    TOUR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TOUR / f"{name}.png"), full_page=False)


def _pay_the_overdue_invoice_in_english(page: Page, context: BrowserContext) -> None:
    """INV-10022 with its money explained (its credit note applied) before and after paying the rest: the tour's
    last two pictures, in English."""
    page.goto("/documents?q=INV-10022&lang=en")
    page.get_by_role("link", name="INV-10022", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invoice INV-10022")
    totals = page.locator(".totals")
    expect(totals.get_by_role("link", name="CN-7001")).to_be_visible()
    totals.scroll_into_view_if_needed()
    _shot(page, "8-money-explained")
    page.get_by_role("link", name="Pay with MobilePay").click()
    page.get_by_label("Mobile number").fill(MOBILE)  # the invoice's customer record has a landline
    page.get_by_role("button", name="Confirm and pay with MobilePay").click()
    expect(page).to_have_url(re.compile(r"/payments/([0-9a-f-]{36})$"))
    payment_id = page.url.rsplit("/", 1)[1]
    handset = context.new_page()
    handset.goto(f"/simulator/mobilepay/phone?phone={MOBILE.lstrip('+')}")
    handset.locator("article").filter(has=handset.locator("code", has_text=payment_id)).get_by_role(
        "button", name="Approve"
    ).click()
    expect(handset.get_by_text("You approved the payment request")).to_be_visible()
    handset.close()
    expect(page.locator("#payment-status")).to_have_attribute("data-status", "complete", timeout=LIVE_SECONDS * 1000)
    page.get_by_role("link", name="Back to the invoice").click()
    expect(page.locator(".doc-head .status")).to_have_text("Paid")
    expect(totals.locator(".totals__due dd")).to_have_text("DKK 0.00")
    expect(totals.get_by_text("MobilePay payment")).to_be_visible()
    totals.scroll_into_view_if_needed()
    _shot(page, "9-money-paid")


def test_a_newcomer_signs_in_from_the_mailbox_and_pays_on_the_phone_page(browser: Browser, demo: Demo) -> None:
    banner = demo.log.read_text()
    assert f"portal demo: ready at {demo.base_url}/" in banner, "the banner names the port the demo listens on"
    assert f"{demo.base_url}/simulator/mobilepay/phone" in banner
    assert f"{demo.base_url}/dev/sms" in banner
    context = browser.new_context(base_url=demo.base_url, locale="da-DK", viewport=WIDTHS["desktop"])
    try:
        page = context.new_page()
        page.goto("/login")
        _shot(page, "1-sign-in")
        page.get_by_label("E-mailadresse").fill(DEMO_EMAIL)
        page.get_by_role("button", name="Send mig et login-link").click()
        expect(page).to_have_url(re.compile(r"/login/code"))

        _wait_for_mail(demo)
        page.goto("/dev/mail")  # the demo's mailbox, in the same browser: its link signs in on the first click
        _shot(page, "2-mailbox")
        link = page.locator('a[href*="/login/link/"]').first
        expect(link).to_have_attribute("href", re.compile(rf"^{re.escape(demo.base_url)}/login/link/"))
        link.click()
        expect(page).to_have_url(f"{demo.base_url}/documents")
        _shot(page, "3-documents")

        page.goto("/documents?type=invoice&status=open")
        page.locator("table a, .doc-list a").filter(has_text=re.compile(r"^INV-")).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Faktura")
        _shot(page, "4-invoice")
        page.get_by_role("link", name="Betal med MobilePay").click()
        phone = page.get_by_label("Mobilnummer").input_value().lstrip("+")
        page.get_by_label("Beløb i DKK").fill("10,00")
        _shot(page, "5-pay")
        page.get_by_role("button", name="Bekræft og betal med MobilePay").click()
        expect(page).to_have_url(re.compile(r"/payments/([0-9a-f-]{36})$"))
        payment_id = page.url.rsplit("/", 1)[1]

        handset = context.new_page()
        handset.goto(f"/simulator/mobilepay/phone?phone={phone}")
        request = handset.locator("article").filter(has=handset.locator("code", has_text=payment_id))
        expect(request).to_have_count(1)
        _shot(handset, "6-phone")
        request.get_by_role("button", name="Approve").click()
        expect(handset.get_by_text("You approved the payment request")).to_be_visible()
        handset.close()

        status = page.locator("#payment-status")
        expect(status).to_have_attribute("data-status", "complete", timeout=LIVE_SECONDS * 1000)
        _shot(page, "7-paid")
        _wait_for_mail(demo, holding=payment_id, what="receipt")  # a job sends it after the payment completed

        _pay_the_overdue_invoice_in_english(page, context)
    finally:
        context.close()
    log = demo.log.read_text(errors="replace")
    assert "Traceback" not in log
    unavailable = [line for line in log.splitlines() if " 503 " in line or "status=503" in line]
    assert unavailable == []
    assert "Failed to process" not in log
    assert not re.search(r"^\d\d:\d\d:\d\d (error|critical) ", log, re.MULTILINE), "an error line in the demo's log"
