"""The server's keys (PORTAL_SECRET_KEYS, PRODUCT §12) as one ring: the first key signs, every key verifies (ADR-0036).

Every keyed use of a secret in the portal goes through a `KeyRing`, each under a purpose of its own:
- MACs and keyed hashes: the purpose's keyed function under key `k` is HMAC-SHA256(k, purpose ‖ 0x00 ‖ value).
  Purposes hold no NUL byte, so no input of one purpose is ever an input of another: each purpose is its own
  pseudo-random function, as good as a sub-key of its own, and byte for byte what was stored and handed out before
  the ring existed (no one is signed out when this code is deployed).
- Encryption keys: HKDF-SHA256 of the key with the purpose as `info` (a derived AES key per purpose).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_SEPARATOR = "."  # separates the kid from what it keys in tokens and sealed payloads


class KeyRing:
    """- Built once from the settings; at least one key, kids distinct and free of `.`.
    - `mac`/`aead_key` without a kid use the signing key (the first); `macs` gives one MAC per key, signing key
      first, for checks and lookups that must accept whatever any configured key made.
    - A kid no longer configured is unknown: what it made no longer verifies, opens or is found.
    """

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise ValueError("at least one secret key is needed")
        kids = [kid for kid, _ in keys]
        if len(set(kids)) != len(kids) or any(not kid or _SEPARATOR in kid for kid in kids):
            raise ValueError("key ids must be distinct, non-empty and without '.'")
        self._keys = dict(keys)
        self._signing_kid = kids[0]

    @property
    def signing_kid(self) -> str:
        return self._signing_kid

    @property
    def kids(self) -> tuple[str, ...]:
        """Every configured kid, the signing one first."""
        return tuple(self._keys)

    def knows(self, kid: str) -> bool:
        return kid in self._keys

    def mac(self, purpose: str, value: bytes, *, kid: str | None = None) -> bytes:
        """The purpose's MAC of `value` under `kid` (a configured one; the signing key when None)."""
        key = self._keys[self._signing_kid if kid is None else kid]
        return hmac.new(key, _purpose(purpose) + b"\x00" + value, hashlib.sha256).digest()

    def macs(self, purpose: str, value: bytes) -> tuple[bytes, ...]:
        """The purpose's MAC of `value` under every key, the signing key's first."""
        return tuple(self.mac(purpose, value, kid=kid) for kid in self._keys)

    def aead_key(self, purpose: str, *, kid: str | None = None) -> bytes:
        """A 256-bit encryption key for the purpose, derived from `kid`'s key (the signing key when None)."""
        key = self._keys[self._signing_kid if kid is None else kid]
        info = b"portal-seal:" + _purpose(purpose)
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def _purpose(purpose: str) -> bytes:
    if not purpose or "\x00" in purpose:
        raise ValueError("a purpose is a non-empty name without NUL")
    return purpose.encode()
