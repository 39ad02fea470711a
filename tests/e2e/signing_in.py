"""Signing in in the browser as a seeded person: ask for a link on the Danish sign-in page, open it from the mail."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.portal_server import PortalServer


def sign_in_by_link(page: Page, portal: PortalServer, email: str) -> None:
    """Ends on `/documents`, signed in. Each address may ask for 5 mails in 10 minutes: use one per test file."""
    seen = len(portal.mails_to(email))
    page.goto("/login")
    page.get_by_label("E-mailadresse").fill(email)
    page.get_by_role("button", name="Send mig et login-link").click()
    expect(page).to_have_url(re.compile(r"/login/code"))
    page.goto(portal.link_in(portal.next_mail_to(email, seen)))
    expect(page).to_have_url(re.compile(r"/documents$"))
