"""The MobilePay gateway a process gets: the vendor's API, or in embedded mode the simulator mounted in serve."""

from __future__ import annotations

import httpx

from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.retries import RetryPolicy
from infrastructure.settings import Settings

EMBEDDED_PATH = "/simulator/mobilepay"


def make_gateway(settings: Settings, client: httpx.AsyncClient) -> HttpxMobilePayGateway:
    """Without PORTAL_MOBILEPAY_BASE_URL (embedded only): the simulator under PORTAL_BASE_URL, any credentials."""
    base_url = settings.mobilepay_base_url or settings.base_url.rstrip("/") + EMBEDDED_PATH
    return HttpxMobilePayGateway(
        base_url=base_url,
        client_id=settings.mobilepay_client_id or "embedded-client",
        client_secret=settings.mobilepay_client_secret or "embedded-secret",
        subscription_key=settings.mobilepay_subscription_key or "embedded-subscription",
        msn=settings.mobilepay_msn or "123456",
        client=client,
        retry_policy=RetryPolicy(max_attempts=4, base_delay=0.25, multiplier=2.0, max_delay=3.0),
    )
