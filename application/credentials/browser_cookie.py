"""The signed `portal_login` cookie that ties a sign-in link to the browser that asked for it (PRODUCT §2.8).

The cookie holds a random nonce and its signature; the challenge stores only a keyed hash of the nonce.
"""

from __future__ import annotations

import base64
import hmac

from application.credentials.login_secrets import BROWSER_PURPOSE, new_browser_nonce
from application.ports.identity import SecretHasher

_SIGNATURE_PURPOSE = "login-cookie"
_SIGNATURE_CHARS = 32


def new_browser_cookie(hasher: SecretHasher) -> str:
    nonce = new_browser_nonce()
    return f"{nonce}.{_signature(hasher, nonce)}"


def browser_hash(hasher: SecretHasher, cookie: str | None) -> bytes | None:
    """The keyed hash of the cookie's nonce when its signature holds; None for a missing or forged cookie."""
    if not cookie or cookie.count(".") != 1:
        return None
    nonce, signature = cookie.split(".")
    if not nonce or not hmac.compare_digest(signature, _signature(hasher, nonce)):
        return None
    return hasher.digest(BROWSER_PURPOSE, nonce)


def _signature(hasher: SecretHasher, nonce: str) -> str:
    return base64.urlsafe_b64encode(hasher.digest(_SIGNATURE_PURPOSE, nonce)).decode()[:_SIGNATURE_CHARS]
