"""The signed `portal_login` cookie that ties a sign-in link to the browser that asked for it (PRODUCT §2.8).

The cookie holds a random nonce and its signature; the challenge stores only a keyed hash of the nonce. A cookie
signed under any configured key is good, and its nonce's hash is tried under every key (ADR-0036).
"""

from __future__ import annotations

import hmac

from application import base64url
from application.credentials.login_secrets import BROWSER_PURPOSE, new_browser_nonce
from application.ports.identity import SecretHasher

_SIGNATURE_PURPOSE = "login-cookie"
_SIGNATURE_CHARS = 32


def new_browser_cookie(hasher: SecretHasher) -> str:
    nonce = new_browser_nonce()
    return f"{nonce}.{_signature(hasher.digest(_SIGNATURE_PURPOSE, nonce))}"


def browser_hashes(hasher: SecretHasher, cookie: str | None) -> tuple[bytes, ...]:
    """The keyed hashes of the cookie's nonce (signing key's first) when its signature holds under any key; none
    for a missing or forged cookie.
    """
    if not cookie or cookie.count(".") != 1:
        return ()
    nonce, signature = cookie.split(".")
    if not nonce or not any(
        hmac.compare_digest(signature, _signature(digest)) for digest in hasher.digests(_SIGNATURE_PURPOSE, nonce)
    ):
        return ()
    return hasher.digests(BROWSER_PURPOSE, nonce)


def _signature(digest: bytes) -> str:
    return base64url.encode(digest)[:_SIGNATURE_CHARS]
