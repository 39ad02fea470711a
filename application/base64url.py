"""URL-safe Base64 without padding (RFC 4648 §5): the one way the portal writes bytes into URLs, cookies and tokens."""

from __future__ import annotations

import base64

__all__ = ["decode", "encode"]


def encode(raw: bytes) -> str:
    """`raw` as URL-safe Base64 text, without the `=` padding."""
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(text: str) -> bytes:
    """The bytes of URL-safe Base64 `text`, padded or not; ValueError (binascii.Error) when it is not Base64."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
