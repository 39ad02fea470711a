"""A staff member's direct link to one document (PRODUCT §7, §12): `/l/{token}`.

A link never grants access by itself. Signed in as someone allowed: on to the document. Signed out: one click mails
a sign-in code to the link's party (shown masked), and signing in lands on the document. Signed in as someone else,
tampered or unknown: the same 404 as any foreign document. Expired or revoked: a 404 page that reveals nothing but
offers to send a fresh sign-in link to the party.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.commands.links.open_link import LinkLanding, OpenLink
from application.commands.links.request_link_sign_in import RequestLinkSignIn
from application.messagebus import MessageBus
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.forms import checked_form
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.not_found import not_found_page
from interfaces.http.pages.sign_in_navigation import PendingSignIn, to_code_page
from interfaces.http.pages.site import NO_STORE, PageSite

_MAX_MASKED = 254


class DirectLinkPagesController(Controller):
    path = "/l"
    include_in_schema = False

    @get("/{token:str}")
    async def open_direct_link(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """Where the link lands (decided and logged by OpenLink); a GET never sends anything."""
        principal = await current_principal(request, bus)
        email = principal.email if principal else None
        landing: LinkLanding = await bus.handle(OpenLink(token=token, email=email))
        if landing.outcome == "document":
            return Redirect(f"/documents/{landing.document_id}", status_code=303, headers=NO_STORE)
        lang = choose_language(request)
        if landing.outcome == "sign_in":
            context = {"token": token, "masked": landing.masked_email, "document_id": landing.document_id}
            return site.page(request, "direct_link.html", lang, context=context)
        if landing.outcome == "expired":
            return site.page(
                request, "direct_link_expired.html", lang, signed_in_email=email, context={"token": token}, status=404
            )
        return not_found_page(request, site, email)

    @post("/{token:str}", status_code=303)
    async def send_code(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        client_ip: NamedDependency[str],
        browser_cookie: NamedDependency[str],
    ) -> Redirect:
        """Mails a sign-in code to the link's party; the code page then leads to the document.

        - The masked address and the document come back from the landing page's form: they are shown and followed
          in this browser only (the address to mail is the application's to decide, from the token).
        """
        form = await checked_form(request, site.csrf)
        pending = PendingSignIn(masked=form.get("masked", "")[:_MAX_MASKED] or None)
        await bus.handle(RequestLinkSignIn(token=token, ip=client_ip, browser_cookie=browser_cookie))
        return to_code_page(browser_cookie, pending, _document_path(form), secure=site.secure)

    @post("/{token:str}/fresh", status_code=303)
    async def send_fresh_link(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        client_ip: NamedDependency[str],
        browser_cookie: NamedDependency[str],
    ) -> Redirect:
        """Send me a new link, on an expired or revoked link: a sign-in email to the party, landing on the document.

        - This browser learns neither the address nor whether anything was sent.
        """
        await checked_form(request, site.csrf)
        await bus.handle(RequestLinkSignIn(token=token, ip=client_ip, browser_cookie=browser_cookie))
        return to_code_page(browser_cookie, PendingSignIn(), None, secure=site.secure)


def _document_path(form: dict[str, str]) -> str | None:
    """The document's page, when the form names a document id (anything else is ignored)."""
    try:
        return f"/documents/{uuid.UUID(form.get('document', ''))}"
    except ValueError:
        return None
