"""Keyed hashes of secrets (HMAC-SHA256) from the key ring, separated by purpose (ADR-0036)."""

from __future__ import annotations

from infrastructure.security.key_ring import KeyRing


class HmacSecretHasher:
    """- `digest` is under the signing key (what is stored or handed out); `digests` is under every key of the ring,
    the signing key's first (what a lookup or a check tries), so a rotation signs no one out.
    - A hash made for one purpose never equals one made for another.
    """

    def __init__(self, ring: KeyRing) -> None:
        self._ring = ring

    def digest(self, purpose: str, value: str) -> bytes:
        return self._ring.mac(purpose, value.encode())

    def digests(self, purpose: str, value: str) -> tuple[bytes, ...]:
        return self._ring.macs(purpose, value.encode())
