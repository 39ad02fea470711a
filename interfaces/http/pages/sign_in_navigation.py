"""Where sign-in sends a person: `next` paths, the pending sign-in cookie, the session cookie (PRODUCT §2, §12)."""

from __future__ import annotations

import binascii
from typing import Any
from urllib.parse import quote

import msgspec
from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Redirect

from application import base64url
from application.commands.identity.sign_in import SignedIn
from domain.identity.landing import site_path
from interfaces.http.customer.cookies import login_cookie, session_cookie
from interfaces.http.pages.site import NO_STORE

PENDING_COOKIE = "portal_signin"
PENDING_MAX_AGE = 30 * 60
HOME = "/documents"


class PendingSignIn(msgspec.Struct, frozen=True, kw_only=True):
    """What the code page shows after the email went out.

    - The address as typed, or, after "send me a new link" on an old link, only its masked form: all this browser
      may learn.
    """

    email: str | None = None
    masked: str | None = None


def safe_next(value: str | None) -> str | None:
    """A path on this site to go to after sign-in, or None (the one rule: `domain.identity.landing.site_path`)."""
    return site_path(value)


def to_login(request: Request[Any, Any, Any]) -> Redirect:
    """303 to the sign-in page, remembering this page (PRODUCT §12)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"/login?next={quote(here, safe='')}", status_code=303, headers=NO_STORE)


def pending_cookie(pending: PendingSignIn, *, secure: bool) -> Cookie:
    value = base64url.encode(msgspec.json.encode(pending))
    return Cookie(
        key=PENDING_COOKIE, value=value, max_age=PENDING_MAX_AGE, httponly=True, samesite="lax", secure=secure
    )


def read_pending(request: Request[Any, Any, Any]) -> PendingSignIn:
    raw = request.cookies.get(PENDING_COOKIE, "")
    if not raw:
        return PendingSignIn()
    try:
        return msgspec.json.decode(base64url.decode(raw), type=PendingSignIn)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        return PendingSignIn()


def signed_in_redirect(signed_in: SignedIn, destination: str | None, *, secure: bool, max_hours: int) -> Redirect:
    """303 to where the person was going, with the new session cookie; the pending sign-in is over."""
    cookies = [
        session_cookie(signed_in.session_id, secure=secure, max_age=max_hours * 3600),
        Cookie(key=PENDING_COOKIE, value="", max_age=0, httponly=True, samesite="lax", secure=secure),
    ]
    target = safe_next(destination) or safe_next(signed_in.landing) or HOME
    return Redirect(target, status_code=303, cookies=cookies, headers=NO_STORE)


def to_code_page(browser_cookie: str, pending: PendingSignIn, destination: str | None, *, secure: bool) -> Redirect:
    """303 to the code page once a sign-in email was asked for: this browser's `portal_login` (so the emailed link is
    one click here), what the code page shows, and where signing in goes on to.
    """
    cookies = [login_cookie(browser_cookie, secure=secure), pending_cookie(pending, secure=secure)]
    target = "/login/code" + (f"?next={quote(destination, safe='')}" if destination else "")
    return Redirect(target, status_code=303, cookies=cookies, headers=NO_STORE)
