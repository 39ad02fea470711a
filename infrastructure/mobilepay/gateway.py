"""HttpxMobilePayGateway: the MobilePayGateway port over the vendor's ePayment, Access Token and Webhooks APIs."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar
from uuid import UUID

import httpx
import msgspec
import structlog

from application.ports.mobilepay_gateway import (
    PAYMENT_WEBHOOK_EVENTS,
    MobilePayUnavailable,
    RegisteredWebhook,
    VendorEvent,
    VendorPayment,
    WebhookRegistration,
)
from infrastructure.mobilepay.access_token import AccessToken, AccessTokenCache
from infrastructure.mobilepay.problems import error_for
from infrastructure.mobilepay.retries import RetryPolicy, send_with_retries
from infrastructure.mobilepay.wire import (
    WireCreateResponse,
    WireEvent,
    WirePayment,
    WireRegisterResponse,
    WireToken,
    WireWebhookList,
    create_payment_body,
    modification_body,
)

__all__ = ["HttpxMobilePayGateway"]

_T = TypeVar("_T")
_log = structlog.get_logger(__name__)
_PAYMENTS = "/epayment/v1/payments"
_WEBHOOKS = "/webhooks/v1/webhooks"
_PHONE_NOISE = re.compile(r"[\s\-().]")


class HttpxMobilePayGateway:
    """Speaks the vendor API through one shared `httpx.AsyncClient` (the container owns and closes it).

    - `base_url` is the vendor's (e.g. https://apitest.vipps.no) or the simulator's, path prefix included.
    - Every request carries `timeout` seconds; `retry_policy`, `clock` (monotonic seconds) and `sleep` are
      injectable so tests can drive backoff and token expiry without waiting.
    - Secrets (client secret, subscription key, tokens) are sent as headers only and never logged.
    """

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        subscription_key: str,
        msn: str,
        client: httpx.AsyncClient,
        timeout: float = 10.0,
        retry_policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        system_name: str = "customer-portal",
        system_version: str = "1",
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._subscription_key = subscription_key
        self._msn = msn
        self._client = client
        self._timeout = httpx.Timeout(timeout)
        self._policy = retry_policy or RetryPolicy()
        self._sleep = sleep
        self._tokens = AccessTokenCache(clock=clock)
        self._system = {"Vipps-System-Name": system_name[:30], "Vipps-System-Version": system_version[:30]}

    def __repr__(self) -> str:
        return f"HttpxMobilePayGateway(base_url={self._base_url!r}, msn={self._msn!r})"

    async def create_payment(
        self,
        *,
        payment_id: UUID,
        amount: int,
        currency: str,
        phone_number: str,
        description: str | None = None,
    ) -> str:
        reference = str(payment_id)
        body = create_payment_body(
            reference=reference,
            amount=amount,
            currency=currency,
            phone_number=_msisdn(phone_number),
            description=description,
        )
        response = await self._call("create", "POST", _PAYMENTS, reference=reference, body=body, key=reference)
        return _decode(response, WireCreateResponse, "create").reference

    async def get_payment(self, payment_id: UUID) -> VendorPayment:
        reference = str(payment_id)
        response = await self._call("get", "GET", f"{_PAYMENTS}/{reference}", reference=reference)
        return _decode(response, WirePayment, "get").to_port()

    async def list_events(self, payment_id: UUID) -> list[VendorEvent]:
        reference = str(payment_id)
        response = await self._call("events", "GET", f"{_PAYMENTS}/{reference}/events", reference=reference)
        return [event.to_port() for event in _decode(response, list[WireEvent], "events")]

    async def capture(
        self, payment_id: UUID, *, amount: int, currency: str, idempotency_key: str | None = None
    ) -> VendorPayment:
        reference = str(payment_id)
        response = await self._call(
            "capture",
            "POST",
            f"{_PAYMENTS}/{reference}/capture",
            reference=reference,
            body=modification_body(amount=amount, currency=currency),
            key=idempotency_key or f"capture-{reference}",
        )
        return _decode(response, WirePayment, "capture").to_port()

    async def cancel(self, payment_id: UUID, *, idempotency_key: str | None = None) -> VendorPayment:
        reference = str(payment_id)
        response = await self._call(
            "cancel",
            "POST",
            f"{_PAYMENTS}/{reference}/cancel",
            reference=reference,
            # The vendor's own plugin always sends a JSON body here: an empty one has caused type errors.
            body={"cancelTransactionOnly": False},
            key=idempotency_key or f"cancel-{reference}",
        )
        return _decode(response, WirePayment, "cancel").to_port()

    async def refund(self, payment_id: UUID, *, amount: int, currency: str, idempotency_key: str) -> VendorPayment:
        reference = str(payment_id)
        response = await self._call(
            "refund",
            "POST",
            f"{_PAYMENTS}/{reference}/refund",
            reference=reference,
            body=modification_body(amount=amount, currency=currency),
            key=idempotency_key,
        )
        return _decode(response, WirePayment, "refund").to_port()

    async def register_webhook(
        self, *, url: str, events: Sequence[str] = PAYMENT_WEBHOOK_EVENTS
    ) -> WebhookRegistration:
        body = {"url": url, "events": list(events)}
        response = await self._call("register_webhook", "POST", _WEBHOOKS, body=body)
        return _decode(response, WireRegisterResponse, "register_webhook").to_port()

    async def list_webhooks(self) -> list[RegisteredWebhook]:
        response = await self._call("list_webhooks", "GET", _WEBHOOKS)
        return _decode(response, WireWebhookList, "list_webhooks").to_port()

    async def delete_webhook(self, webhook_id: str) -> None:
        await self._call("delete_webhook", "DELETE", f"{_WEBHOOKS}/{webhook_id}")

    async def _call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        reference: str | None = None,
        body: object | None = None,
        key: str | None = None,
    ) -> httpx.Response:
        content = msgspec.json.encode(body) if body is not None else None

        async def send() -> httpx.Response:
            token = await self._tokens.get(self._fetch_token)
            response = await self._send(method, path, token, content, key)
            if response.status_code == httpx.codes.UNAUTHORIZED:
                # The token may have been revoked or outlived our clock: one fresh token, one more try.
                self._tokens.invalidate(token)
                response = await self._send(method, path, await self._tokens.get(self._fetch_token), content, key)
            return response

        response = await send_with_retries(
            send, policy=self._policy, sleep=self._sleep, operation=operation, reference=reference
        )
        if response.is_success:
            return response
        error = error_for(response, operation=operation, reference=reference)
        _log.warning("mobilepay.failed", operation=operation, reference=reference, status=response.status_code)
        raise error

    async def _send(self, method: str, path: str, token: str, content: bytes | None, key: str | None) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {token}",
            "Ocp-Apim-Subscription-Key": self._subscription_key,
            "Merchant-Serial-Number": self._msn,
            **self._system,
        }
        if key is not None:
            headers["Idempotency-Key"] = key
        if content is not None:
            headers["Content-Type"] = "application/json"
        return await self._client.request(
            method, self._base_url + path, content=content, headers=headers, timeout=self._timeout
        )

    async def _fetch_token(self) -> AccessToken:
        headers = {
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "Ocp-Apim-Subscription-Key": self._subscription_key,
            "Merchant-Serial-Number": self._msn,
            **self._system,
        }

        async def send() -> httpx.Response:
            # The vendor documents an empty body for this POST.
            return await self._client.post(self._base_url + "/accesstoken/get", headers=headers, timeout=self._timeout)

        response = await send_with_retries(
            send, policy=self._policy, sleep=self._sleep, operation="token", reference=None
        )
        if not response.is_success:
            _log.error("mobilepay.token_refused", status=response.status_code)
            raise MobilePayUnavailable(f"MobilePay refused an access token (HTTP {response.status_code})")
        wire = _decode(response, WireToken, "token")
        try:
            lifetime = float(int(wire.expires_in))
        except ValueError as exc:
            raise MobilePayUnavailable("MobilePay token answer has no usable expires_in") from exc
        _log.info("mobilepay.token_fetched", expires_in=lifetime)
        return AccessToken(value=wire.access_token, lifetime=lifetime)


def _decode(response: httpx.Response, kind: type[_T], operation: str) -> _T:
    try:
        return msgspec.json.decode(response.content, type=kind)
    except msgspec.DecodeError as exc:  # ValidationError is a DecodeError
        raise MobilePayUnavailable(f"MobilePay {operation}: unreadable answer") from exc


def _msisdn(phone: str) -> str:
    """The vendor wants MSISDN (digits only, country code first): "+45 20 12 34 56" becomes "4520123456"."""
    digits = _PHONE_NOISE.sub("", phone)
    if digits.startswith("+"):
        return digits[1:]
    if digits.startswith("00"):
        return digits[2:]
    return digits
