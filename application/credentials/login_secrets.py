"""The secrets of one sign-in request: a 6-digit code and a link token, made with `secrets` (PRODUCT §2.2)."""

from __future__ import annotations

import secrets

import msgspec

CODE_DIGITS = 6
LINK_TOKEN_BYTES = 32
CODE_PURPOSE = "login-code"
LINK_PURPOSE = "login-link"
BROWSER_PURPOSE = "login-browser"
SESSION_PURPOSE = "session"
SEAL_PURPOSE = "login-email"


class LoginSecrets(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    token: str


def new_login_secrets() -> LoginSecrets:
    """A uniform 6-digit code and a URL-safe token of 32 random bytes."""
    return LoginSecrets(
        code=str(secrets.randbelow(10**CODE_DIGITS)).zfill(CODE_DIGITS),
        token=secrets.token_urlsafe(LINK_TOKEN_BYTES),
    )


def new_session_id() -> str:
    """A customer session id: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_browser_nonce() -> str:
    return secrets.token_urlsafe(32)


def looks_like_code(code: str) -> bool:
    return len(code) == CODE_DIGITS and code.isdigit()
