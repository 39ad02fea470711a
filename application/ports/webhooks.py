"""Port: signed webhooks to outside systems (PRODUCT §8 `webhook` actions)."""

from __future__ import annotations

from typing import Protocol

import msgspec

__all__ = ["WebhookDelivery", "WebhookFailed", "WebhookSender"]


class WebhookFailed(Exception):
    """The receiver could not be reached or did not answer 2xx; the job retries with backoff, then gives up."""


class WebhookDelivery(msgspec.Struct, frozen=True, kw_only=True):
    """One POST: `body` is the event envelope as JSON, signed with `secret`; `key` is the run's idempotency key."""

    url: str
    body: bytes
    secret: str
    key: str
    event_type: str


class WebhookSender(Protocol):
    """POSTs a delivery with `X-Portal-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.

    - Also sends `Idempotency-Key` (the same on every retry, so a receiver can take the delivery once) and
      `X-Portal-Event` (the event type).
    - Returns the HTTP status of a 2xx answer; raises `WebhookFailed` for anything else.
    """

    async def deliver(self, delivery: WebhookDelivery) -> int: ...
