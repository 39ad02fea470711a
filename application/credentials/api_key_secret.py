"""How staff API keys are made and hashed: 256 random bits, shown once; only a SHA-256 digest is stored."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "pk_"
PREFIX_SHOWN = 10


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> bytes:
    """A plain digest suffices: the key carries 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(key.encode()).digest()
