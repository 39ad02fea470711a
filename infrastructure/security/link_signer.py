"""Signed direct-link tokens (PRODUCT §7): `kid.payload.signature`, HMAC-SHA256 from the key ring (ADR-0036)."""

from __future__ import annotations

import binascii
import datetime as dt
import hmac
import uuid

import msgspec

from application import base64url
from application.ports.links import LinkClaims
from infrastructure.security.key_ring import KeyRing

_PURPOSE = "link"
_ROLES = {"customer": "c", "bill_to": "b"}
_ROLE_NAMES = {v: k for k, v in _ROLES.items()}


class _Payload(msgspec.Struct, frozen=True, array_like=True):
    link: str
    document: str
    role: str
    expires: int


class HmacTokenSigner:
    """- Signs with the first key; verifies with the key the token names, if it is still configured.
    - The signature covers the token's text exactly as sent, so a change to any byte fails verification.
    """

    def __init__(self, ring: KeyRing) -> None:
        self._ring = ring

    def sign(self, claims: LinkClaims) -> str:
        payload = _Payload(
            link=claims.link_id.hex,
            document=claims.document_id.hex,
            role=_ROLES[claims.role],
            expires=int(claims.expires_at.timestamp()),
        )
        kid = self._ring.signing_kid
        body = f"{kid}.{_b64(msgspec.json.encode(payload))}"
        return f"{body}.{self._signature(kid, body)}"

    def verify(self, token: str) -> LinkClaims | None:
        parts = token.split(".")
        if len(parts) != 3:  # noqa: PLR2004 - kid, payload, signature
            return None
        kid, encoded, signature = parts
        if not self._ring.knows(kid):
            return None
        if not hmac.compare_digest(signature, self._signature(kid, f"{kid}.{encoded}")):
            return None
        try:
            payload = msgspec.json.decode(base64url.decode(encoded), type=_Payload)
            return LinkClaims(
                link_id=uuid.UUID(hex=payload.link),
                document_id=uuid.UUID(hex=payload.document),
                role=_ROLE_NAMES[payload.role],
                expires_at=dt.datetime.fromtimestamp(payload.expires, tz=dt.UTC),
            )
        except (binascii.Error, ValueError, KeyError, msgspec.DecodeError, OverflowError):
            return None

    def _signature(self, kid: str, body: str) -> str:
        return _b64(self._ring.mac(_PURPOSE, body.encode(), kid=kid))


def _b64(raw: bytes) -> str:
    return base64url.encode(raw)
