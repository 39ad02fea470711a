"""The sign-in link from the email (PRODUCT §2.8, §2.9).

One click in the asking browser, a Continue button elsewhere, and a clear page for an expired, used or unknown link
with a one-click "send me a new link".
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.commands.identity.consume_link import ConsumeLink, NotTheRequestingBrowser
from application.commands.identity.request_new_login_link import RequestNewLoginLink
from application.commands.identity.sign_in import SignedIn
from application.errors import SignInRefused
from application.messagebus import MessageBus
from application.queries.identity.describe_login_link import DescribeLoginLink, LoginLinkView
from infrastructure.settings import Settings
from interfaces.http.customer.cookies import LOGIN, SESSION
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.forms import checked_form
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.sign_in_navigation import PendingSignIn, signed_in_redirect, to_code_page
from interfaces.http.pages.site import NO_STORE, PageSite


class LoginLinkPagesController(Controller):
    path = "/login/link"
    include_in_schema = False

    @get("/{token:str}")
    async def open_link(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Signs in at once only in the browser that asked (its `portal_login` cookie).

        Elsewhere nothing is used up, and a Continue button asks for a deliberate POST (mail scanners only GET).
        """
        try:
            signed_in: SignedIn = await bus.handle(
                ConsumeLink(
                    token=token,
                    same_browser_only=True,
                    browser_cookie=request.cookies.get(LOGIN),
                    previous_session=request.cookies.get(SESSION),
                )
            )
        except (NotTheRequestingBrowser, SignInRefused):
            return await _link_page(request, bus, site, token)
        return signed_in_redirect(signed_in, None, secure=site.secure, max_hours=settings.session_max_hours)

    @post("/{token:str}", status_code=303)
    async def continue_link(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """The Continue button: signs in from any browser, once."""
        await checked_form(request, site.csrf)
        try:
            signed_in: SignedIn = await bus.handle(
                ConsumeLink(token=token, previous_session=request.cookies.get(SESSION))
            )
        except SignInRefused:
            return await _link_page(request, bus, site, token)
        return signed_in_redirect(signed_in, None, secure=site.secure, max_hours=settings.session_max_hours)

    @post("/{token:str}/new", status_code=303)
    async def send_new_link(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        client_ip: NamedDependency[str],
        browser_cookie: NamedDependency[str],
    ) -> Redirect:
        """Mails a new link and code to the address behind the token, which this browser only ever sees masked."""
        await checked_form(request, site.csrf)
        link: LoginLinkView = await bus.handle(DescribeLoginLink(token=token))
        if link.masked_email is None:
            return Redirect("/login", status_code=303, headers=NO_STORE)
        await bus.handle(RequestNewLoginLink(token=token, ip=client_ip, browser_cookie=browser_cookie))
        return to_code_page(browser_cookie, PendingSignIn(masked=link.masked_email), None, secure=site.secure)


async def _link_page(
    request: Request[Any, Any, Any], bus: MessageBus, site: PageSite, token: str
) -> Template | Redirect:
    """Continue (the link is open), or what went wrong (200, PRODUCT §2.9); an unknown link asks for the email.

    - Someone already signed in who opens a used or expired link goes to their documents: there is nothing to fix.
    """
    link: LoginLinkView = await bus.handle(DescribeLoginLink(token=token))
    principal = await current_principal(request, bus)
    if principal is not None and link.status != "open":
        return Redirect("/documents", status_code=303, headers=NO_STORE)
    template = "link_continue.html" if link.status == "open" else "link_problem.html"
    context = {"link": link, "token": token, "next": None, "email": "", "error": None}
    return site.page(
        request,
        template,
        choose_language(request),
        signed_in_email=principal.email if principal else None,
        context=context,
    )
