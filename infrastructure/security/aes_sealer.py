"""AES-256-GCM sealing of secrets that pass through the outbox (ADR-0015), keyed from the server key by HKDF."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE = 12


class AesGcmSealer:
    """- Each purpose gets its own derived key; the purpose is also bound as associated data."""

    def __init__(self, key: bytes) -> None:
        self._root = key

    def _aead(self, purpose: str) -> AESGCM:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"portal-seal:{purpose}".encode()).derive(
            self._root
        )
        return AESGCM(derived)

    def seal(self, purpose: str, plain: bytes) -> str:
        nonce = os.urandom(_NONCE)
        sealed = nonce + self._aead(purpose).encrypt(nonce, plain, purpose.encode())
        return base64.urlsafe_b64encode(sealed).decode()

    def open(self, purpose: str, sealed: str) -> bytes:
        try:
            raw = base64.urlsafe_b64decode(sealed.encode())
            return self._aead(purpose).decrypt(raw[:_NONCE], raw[_NONCE:], purpose.encode())
        except (InvalidTag, ValueError) as exc:
            raise ValueError("not sealed by this server for this purpose") from exc
