"""The API docs page `/schema` in a real browser (issue 14): RapiDoc from the portal's own files, under its CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.portal_server import PortalServer

pytestmark = pytest.mark.e2e


def test_the_docs_page_shows_the_operations_without_a_csp_violation(
    context: BrowserContext, portal: PortalServer
) -> None:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(portal.base_url) else None)
    answer = page.goto("/schema")
    assert answer is not None
    assert answer.status == 200
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "'unsafe-inline'" not in policy.split("style-src-attr")[0]  # only style attributes are let through
    docs = page.locator("rapi-doc")
    expect(docs.get_by_text("/api/v1/auth/login", exact=True).first).to_be_visible()
    expect(docs.get_by_text("/admin/api/v1/documents/{doc_type}/{number}", exact=True).first).to_be_attached()
    expect(docs.get_by_text("/webhooks/mobilepay", exact=True).first).to_be_attached()
    assert problems == []
    assert elsewhere == []
