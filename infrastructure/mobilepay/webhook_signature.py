"""MobilePay's webhook signature (HMAC-SHA256 over date, host and content hash), as pure functions.

The vendor signs `"POST" LF path_and_query LF x-ms-date ";" host ";" x-ms-content-sha256` (no trailing LF) with the
registration secret's UTF-8 bytes (not base64-decoded) and sends
`Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<base64>`.
Path, query and host are those of the registered URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from application.ports.mobilepay_gateway import InvalidWebhookSignature

__all__ = [
    "MAX_CLOCK_SKEW",
    "SIGNED_HEADERS",
    "authorization_header",
    "content_hash",
    "signature",
    "string_to_sign",
    "verify_webhook_signature",
]

SIGNED_HEADERS = "x-ms-date;host;x-ms-content-sha256"
MAX_CLOCK_SKEW = timedelta(minutes=5)
_PREFIX = f"HMAC-SHA256 SignedHeaders={SIGNED_HEADERS}&Signature="


def content_hash(body: bytes) -> str:
    """Base64 of the SHA-256 of the raw body bytes (the `x-ms-content-sha256` header)."""
    return base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def string_to_sign(*, path_and_query: str, date: str, host: str, body_hash: str) -> str:
    return f"POST\n{path_and_query}\n{date};{host};{body_hash}"


def signature(*, secret: str, path_and_query: str, date: str, host: str, body_hash: str) -> str:
    """Base64 of HMAC-SHA256(secret as UTF-8, string to sign)."""
    message = string_to_sign(path_and_query=path_and_query, date=date, host=host, body_hash=body_hash)
    digest = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization_header(signature_b64: str) -> str:
    return _PREFIX + signature_b64


def verify_webhook_signature(
    *,
    headers: Mapping[str, str],
    body: bytes,
    path_and_query: str,
    secret: str,
    now: datetime,
    host: str | None = None,
    max_skew: timedelta = MAX_CLOCK_SKEW,
) -> None:
    """Raise `InvalidWebhookSignature` unless `body` and `headers` carry a valid, current vendor signature.

    - `headers` may use any letter case. `host` defaults to the received `Host` header; pass the registered
      URL's authority instead when a proxy rewrites it.
    - `now` is an aware datetime; `x-ms-date` must lie within `max_skew` of it, either way.
    - Both the content hash and the whole Authorization value are compared in constant time.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    date = lowered.get("x-ms-date", "")
    received_hash = lowered.get("x-ms-content-sha256", "")
    received_auth = lowered.get("authorization", "")
    signed_host = host if host is not None else lowered.get("host", "")
    if not (date and received_hash and received_auth and signed_host):
        raise InvalidWebhookSignature("signature headers missing")
    _check_date(date, now=now, max_skew=max_skew)
    actual_hash = content_hash(body)
    if not hmac.compare_digest(actual_hash.encode(), received_hash.encode()):
        raise InvalidWebhookSignature("content hash does not match the body")
    expected = authorization_header(
        signature(secret=secret, path_and_query=path_and_query, date=date, host=signed_host, body_hash=actual_hash)
    )
    if not hmac.compare_digest(expected.encode(), received_auth.encode()):
        raise InvalidWebhookSignature("signature does not match")


def _check_date(value: str, *, now: datetime, max_skew: timedelta) -> None:
    try:
        signed_at = parsedate_to_datetime(value)
    except (TypeError, ValueError) as exc:
        raise InvalidWebhookSignature("x-ms-date is not an RFC 1123 date") from exc
    if signed_at.tzinfo is None:
        raise InvalidWebhookSignature("x-ms-date has no time zone")
    if abs(now - signed_at) > max_skew:
        raise InvalidWebhookSignature("x-ms-date is too far from now")
