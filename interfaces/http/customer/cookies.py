"""The customer cookies (PRODUCT §2.8, §3, §4): names and attributes in one place."""

from __future__ import annotations

from litestar.datastructures import Cookie

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
