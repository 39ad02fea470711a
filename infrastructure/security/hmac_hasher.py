"""Keyed hashes with the server's signing key (HMAC-SHA256), separated by purpose."""

from __future__ import annotations

import hashlib
import hmac


class HmacSecretHasher:
    """- The first key of PORTAL_SECRET_KEYS; a hash made for one purpose never equals one made for another."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def digest(self, purpose: str, value: str) -> bytes:
        return hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
