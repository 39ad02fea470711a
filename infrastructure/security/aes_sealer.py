"""AES-256-GCM sealing of secrets that pass through the outbox (ADR-0015), keyed from the key ring (ADR-0036)."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infrastructure.security.key_ring import KeyRing

_NONCE = 12


class AesGcmSealer:
    """- Sealed text is `kid.base64(nonce ‖ ciphertext)`: sealed under the signing key, opened under the key it names
    while that key is configured. Each purpose gets its own derived key and is bound as associated data.
    - Text sealed before kids were carried (no `.`: the base64 alphabet has none) is tried under every key.
    """

    def __init__(self, ring: KeyRing) -> None:
        self._ring = ring

    def seal(self, purpose: str, plain: bytes) -> str:
        nonce = os.urandom(_NONCE)
        sealed = nonce + AESGCM(self._ring.aead_key(purpose)).encrypt(nonce, plain, purpose.encode())
        return f"{self._ring.signing_kid}.{base64.urlsafe_b64encode(sealed).decode()}"

    def open(self, purpose: str, sealed: str) -> bytes:
        kid, _, body = sealed.rpartition(".")
        kids = (kid,) if kid else self._ring.kids
        try:
            raw = base64.urlsafe_b64decode(body.encode())
        except ValueError as exc:
            raise ValueError("not sealed by this server for this purpose") from exc
        for candidate in kids:
            if not self._ring.knows(candidate):
                continue
            try:
                return AESGCM(self._ring.aead_key(purpose, kid=candidate)).decrypt(
                    raw[:_NONCE], raw[_NONCE:], purpose.encode()
                )
            except (InvalidTag, ValueError):
                continue
        raise ValueError("not sealed by this server for this purpose")
