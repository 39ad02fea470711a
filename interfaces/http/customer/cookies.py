"""The customer cookies (PRODUCT §2.8, §3, §4): names and attributes in one place."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from application.credentials.browser_cookie import new_browser_cookie
from application.ports.identity import SecretHasher
from interfaces.http.service_dependency import Service

SESSION = "portal_session"
LOGIN = "portal_login"
LANG = "portal_lang"
LOGIN_MAX_AGE = 24 * 3600


def session_cookie(value: str, *, secure: bool, max_age: int) -> Cookie:
    return Cookie(key=SESSION, value=value, httponly=True, samesite="lax", secure=secure, max_age=max_age, path="/")


def expired_session_cookie(*, secure: bool) -> Cookie:
    return Cookie(key=SESSION, value="", httponly=True, samesite="lax", secure=secure, max_age=0, path="/")


def login_cookie(value: str, *, secure: bool) -> Cookie:
    return Cookie(key=LOGIN, value=value, httponly=True, samesite="lax", secure=secure, max_age=LOGIN_MAX_AGE, path="/")


def provide_browser_cookie(request: Request[Any, Any, Any], hasher: Service[SecretHasher]) -> str:
    """Litestar dependency `browser_cookie`: this browser's `portal_login` value, or a new signed one (PRODUCT §2.8).

    - Sign-in requests send it with the request and set it again on the answer, so the emailed link is one click here.
    """
    return request.cookies.get(LOGIN) or new_browser_cookie(hasher)
