"""The sign-in pages (PRODUCT §2, §12): `/login` (ask for the email), `/login/code` (type the code, or ask for a new
one), `/logout`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from application.commands.identity.request_login import RequestLogin
from application.commands.identity.request_new_code import RequestNewCode
from application.commands.identity.sign_out import SignOut
from application.commands.identity.verify_code import VerifyCode
from application.errors import SignInRefused
from application.messagebus import MessageBus
from domain.shared.errors import DomainError
from infrastructure.settings import Settings
from interfaces.http.customer.cookies import LOGIN, SESSION, expired_session_cookie
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.forms import checked_form
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.sign_in_navigation import (
    HOME,
    PendingSignIn,
    read_pending,
    safe_next,
    signed_in_redirect,
    to_code_page,
)
from interfaces.http.pages.site import NO_STORE, PageSite


class LoginPagesController(Controller):
    path = "/login"
    include_in_schema = False

    @get("/")
    async def login_form(
        self, request: Request[Any, Any, Any], bus: NamedDependency[MessageBus], site: NamedDependency[PageSite]
    ) -> Template | Redirect:
        """The email form; someone already signed in goes straight on."""
        next_ = safe_next(request.query_params.get("next"))
        if await current_principal(request, bus) is not None:
            return Redirect(next_ or HOME, status_code=303, headers=NO_STORE)
        context = {"next": next_, "email": "", "error": None, "signed_out": "signed_out" in request.query_params}
        return site.page(request, "login.html", choose_language(request), context=context)

    @post("/", status_code=303)
    async def send_login(
        self,
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        client_ip: NamedDependency[str],
        browser_cookie: NamedDependency[str],
    ) -> Template | Redirect:
        """The same answer for known and unknown addresses: on to the code page (PRODUCT §2.1)."""
        form = await checked_form(request, site.csrf)
        email, next_ = form.get("email", "").strip(), safe_next(form.get("next"))
        try:
            await bus.handle(RequestLogin(email=email, ip=client_ip, browser_cookie=browser_cookie, landing=next_))
        except DomainError:
            context = {"next": next_, "email": email, "error": "email", "signed_out": False}
            return site.page(request, "login.html", choose_language(request), context=context, status=400)
        return to_code_page(browser_cookie, PendingSignIn(email=email), next_, secure=site.secure)

    @get("/code")
    async def code_form(self, request: Request[Any, Any, Any], site: NamedDependency[PageSite]) -> Template:
        pending = read_pending(request)
        context = _code_context(pending, safe_next(request.query_params.get("next")), error=None)
        context["resent"] = "resent" in request.query_params
        return site.page(request, "code.html", choose_language(request), context=context)

    @post("/code/new", status_code=303)
    async def send_new_code(
        self,
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        client_ip: NamedDependency[str],
    ) -> Redirect:
        """Send a new code where the page shows only the masked address: to the address this browser asked for.

        - The same answer whether anything was sent or not; over a limit, the rate-limit page (PRODUCT §2.7).
        """
        form = await checked_form(request, site.csrf)
        next_ = safe_next(form.get("next"))
        await bus.handle(RequestNewCode(ip=client_ip, browser_cookie=request.cookies.get(LOGIN), landing=next_))
        target = "/login/code?resent=1" + (f"&next={quote(next_, safe='')}" if next_ else "")
        return Redirect(target, status_code=303, headers=NO_STORE)

    @post("/code", status_code=303)
    async def verify_code(
        self,
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
        settings: NamedDependency[Settings],
        client_ip: NamedDependency[str],
    ) -> Template | Redirect:
        """A right code signs in and goes on; a wrong, expired or used one shows the form again, saying so."""
        form = await checked_form(request, site.csrf)
        email, next_ = form.get("email", "").strip(), safe_next(form.get("next"))
        code = "".join(form.get("code", "").split())
        try:
            signed_in = await bus.handle(
                VerifyCode(
                    email=email,
                    code=code,
                    ip=client_ip,
                    previous_session=request.cookies.get(SESSION),
                    browser_cookie=request.cookies.get(LOGIN),
                )
            )
        except (SignInRefused, DomainError):
            pending = read_pending(request)
            typed = PendingSignIn(email=email or pending.email, masked=pending.masked)
            context = _code_context(typed, next_, error="code")
            return site.page(request, "code.html", choose_language(request), context=context, status=400)
        return signed_in_redirect(signed_in, next_, secure=site.secure, max_hours=settings.session_max_hours)


class LogoutPageController(Controller):
    path = "/logout"
    include_in_schema = False

    @post("/", status_code=303)
    async def logout(
        self, request: Request[Any, Any, Any], bus: NamedDependency[MessageBus], site: NamedDependency[PageSite]
    ) -> Response[Any]:
        """Revokes the session (PRODUCT §3) and shows the sign-in page, saying so."""
        await checked_form(request, site.csrf)
        session_id = request.cookies.get(SESSION)
        if session_id:
            await bus.handle(SignOut(session_id=session_id))
        return Redirect(
            "/login?signed_out=1",
            status_code=303,
            cookies=[expired_session_cookie(secure=site.secure)],
            headers=NO_STORE,
        )


def _code_context(pending: PendingSignIn, next_: str | None, *, error: str | None) -> dict[str, Any]:
    return {"email": pending.email or "", "masked": pending.masked, "next": next_, "error": error, "resent": False}
