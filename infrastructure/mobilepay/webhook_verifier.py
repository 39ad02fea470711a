"""HmacWebhookVerifier: the MobilePayWebhookVerifier port, checking the vendor signature and decoding the event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import msgspec

from application.ports.mobilepay_gateway import UnreadableWebhookEvent, VendorEvent
from infrastructure.mobilepay.webhook_signature import MAX_CLOCK_SKEW, verify_webhook_signature
from infrastructure.mobilepay.wire import WireEvent

__all__ = ["HmacWebhookVerifier"]


class HmacWebhookVerifier:
    """Verifies with one registration secret; `host` is the registered URL's authority when a proxy rewrites Host.

    - The signature is checked over the raw bytes before anything is decoded.
    """

    def __init__(self, *, secret: str, host: str | None = None) -> None:
        if not secret:
            raise ValueError("a webhook secret is required")
        self._secret = secret
        self._host = host

    def __repr__(self) -> str:
        return f"HmacWebhookVerifier(host={self._host!r})"

    def verify(self, *, headers: Mapping[str, str], body: bytes, path_and_query: str, now: datetime) -> VendorEvent:
        verify_webhook_signature(
            headers=headers,
            body=body,
            path_and_query=path_and_query,
            secret=self._secret,
            now=now,
            host=self._host,
            max_skew=MAX_CLOCK_SKEW,
        )
        try:
            return msgspec.json.decode(body, type=WireEvent).to_port()
        except msgspec.DecodeError as exc:
            raise UnreadableWebhookEvent("the webhook body is not an ePayment event") from exc
