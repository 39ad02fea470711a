"""Signed direct-link tokens (PRODUCT §7): `kid.payload.signature`, HMAC-SHA256, key rotation by key id."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import uuid

import msgspec

from application.ports.links import LinkClaims

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

    def __init__(self, keys: tuple[tuple[str, bytes], ...]) -> None:
        if not keys:
            raise ValueError("at least one signing key is needed")
        self._keys = dict(keys)
        self._signing_kid = keys[0][0]

    def sign(self, claims: LinkClaims) -> str:
        payload = _Payload(
            link=claims.link_id.hex,
            document=claims.document_id.hex,
            role=_ROLES[claims.role],
            expires=int(claims.expires_at.timestamp()),
        )
        body = f"{self._signing_kid}.{_b64(msgspec.json.encode(payload))}"
        return f"{body}.{self._signature(self._signing_kid, body)}"

    def verify(self, token: str) -> LinkClaims | None:
        parts = token.split(".")
        if len(parts) != 3:  # noqa: PLR2004 - kid, payload, signature
            return None
        kid, encoded, signature = parts
        if kid not in self._keys:
            return None
        if not hmac.compare_digest(signature, self._signature(kid, f"{kid}.{encoded}")):
            return None
        try:
            payload = msgspec.json.decode(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)), type=_Payload)
            return LinkClaims(
                link_id=uuid.UUID(hex=payload.link),
                document_id=uuid.UUID(hex=payload.document),
                role=_ROLE_NAMES[payload.role],
                expires_at=dt.datetime.fromtimestamp(payload.expires, tz=dt.UTC),
            )
        except (binascii.Error, ValueError, KeyError, msgspec.DecodeError, OverflowError):
            return None

    def _signature(self, kid: str, body: str) -> str:
        return _b64(hmac.new(self._keys[kid], f"link\x00{body}".encode(), hashlib.sha256).digest())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
