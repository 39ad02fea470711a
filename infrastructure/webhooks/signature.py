"""`X-Portal-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>` (PRODUCT §8)."""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["sign", "verify"]


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(header: str, secret: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver checks: a v1 signature of this body with this secret, made within `tolerance` seconds."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp = fields.get("t", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > tolerance:
        return False
    expected = sign(secret, int(stamp), body).rsplit("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))
