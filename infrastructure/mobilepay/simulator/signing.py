"""How the vendor signs a webhook delivery (HMAC-SHA256, Azure style); the simulator's own copy of the scheme.

Written from the vendor's description, independently of the portal's verifier, so a mistake in one shows up
against the other and against the vendor's published test vector.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

__all__ = ["signed_headers"]


def signed_headers(*, url: str, body: bytes, secret: str, at: datetime) -> dict[str, str]:
    """The headers a delivery of `body` to the registered `url` carries, signed with `secret` at time `at`."""
    parts = urlsplit(url)
    path_and_query = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = _authority(parts.scheme, parts.netloc)
    date = format_datetime(at.astimezone(UTC), usegmt=True)
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
    to_sign = f"POST\n{path_and_query}\n{date};{host};{digest}"
    mac = hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).digest()
    sig = base64.b64encode(mac).decode("ascii")
    return {
        "x-ms-date": date,
        "x-ms-content-sha256": digest,
        "Authorization": f"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={sig}",
        "Host": host,
        "Content-Type": "application/json",
    }


def _authority(scheme: str, netloc: str) -> str:
    """Host and port as the Host header carries them: without user info, and without the scheme's default port."""
    host = netloc.rpartition("@")[2]
    default = {"http": ":80", "https": ":443"}.get(scheme.lower())
    if default and host.endswith(default):
        return host[: -len(default)]
    return host
