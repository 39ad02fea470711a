"""The httpx webhook sender for flow `webhook` actions: signed POSTs of the event envelope (PRODUCT §8)."""

from __future__ import annotations

import httpx
import structlog

from application.ports.clock import Clock
from application.ports.webhooks import WebhookDelivery, WebhookFailed
from infrastructure.webhooks.signature import sign

_log = structlog.get_logger("portal.webhooks")
_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class HttpxWebhookSender:
    """- Headers: `Content-Type: application/json`, `X-Portal-Signature`, `X-Portal-Event`, `Idempotency-Key`.
    - A 2xx is success; a redirect, any other status, a timeout or a transport error raises `WebhookFailed`.
    """

    def __init__(self, client: httpx.AsyncClient, clock: Clock) -> None:
        self._client = client
        self._clock = clock

    async def deliver(self, delivery: WebhookDelivery) -> int:
        timestamp = int(self._clock.now().timestamp())
        headers = {
            "Content-Type": "application/json",
            "X-Portal-Signature": sign(delivery.secret, timestamp, delivery.body),
            "X-Portal-Event": delivery.event_type,
            "Idempotency-Key": delivery.key,
        }
        try:
            response = await self._client.post(
                delivery.url, content=delivery.body, headers=headers, timeout=_TIMEOUT, follow_redirects=False
            )
        except httpx.HTTPError as exc:
            raise WebhookFailed(f"unreachable: {type(exc).__name__}") from exc
        if not response.is_success:
            raise WebhookFailed(f"answered HTTP {response.status_code}")
        _log.info("webhook.delivered", status=response.status_code, event_type=delivery.event_type)
        return response.status_code
