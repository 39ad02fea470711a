"""CSRF protection of the pages' forms (PRODUCT §3; ADR-0016): a signed double-submit cookie.

The `portal_csrf` cookie holds a random nonce. A form's token is the keyed hash (server key) of that nonce and of
the browser's session cookie, so a token is good only in the browser that holds both, and a planted cookie is useless
without the server key. A POST whose token does not match is refused before anything happens. A token made under
any configured key is good (ADR-0036), so rotating the keys breaks no open form.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from application import base64url
from application.ports.identity import SecretHasher
from interfaces.http.customer.cookies import SESSION

CSRF_COOKIE = "portal_csrf"
CSRF_FIELD = "csrf_token"
_PURPOSE = "csrf-form"
_NONCE_BYTES = 32


class CsrfRefused(Exception):
    """A form came without a valid CSRF token (HTTP 403 page); nothing was done."""


class CsrfGuard:
    """Hands out form tokens for a request and checks the token a form brings back."""

    def __init__(self, hasher: SecretHasher, *, secure: bool) -> None:
        self._hasher = hasher
        self._secure = secure

    def token_for(self, request: Request[Any, Any, Any]) -> tuple[str, Cookie | None]:
        """The token for forms on this request's page, and the cookie to set when the browser has no nonce yet."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        cookie = None
        if not _plausible(nonce):
            nonce = secrets.token_urlsafe(_NONCE_BYTES)
            cookie = Cookie(key=CSRF_COOKIE, value=nonce, httponly=True, samesite="lax", secure=self._secure, path="/")
        return self._token(nonce, request.cookies.get(SESSION, "")), cookie

    def check(self, request: Request[Any, Any, Any], submitted: str | None) -> None:
        """Raise CsrfRefused unless `submitted` is the token of this browser's nonce and session."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        if not submitted or not _plausible(nonce):
            raise CsrfRefused
        bound_to = f"{nonce}.{request.cookies.get(SESSION, '')}"
        if not any(
            hmac.compare_digest(submitted.encode(), _text(digest).encode())
            for digest in self._hasher.digests(_PURPOSE, bound_to)
        ):
            raise CsrfRefused

    def _token(self, nonce: str, session_id: str) -> str:
        return _text(self._hasher.digest(_PURPOSE, f"{nonce}.{session_id}"))


def _text(digest: bytes) -> str:
    return base64url.encode(digest)


def _plausible(nonce: str) -> bool:
    return 32 <= len(nonce) <= 64 and nonce.replace("-", "").replace("_", "").isalnum()  # noqa: PLR2004
