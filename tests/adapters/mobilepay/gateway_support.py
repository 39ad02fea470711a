"""A scripted MobilePay for the gateway's unit tests: a MockTransport handler and a gateway wired to it."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import httpx

from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.retries import RetryPolicy

PAYMENT_ID = UUID("6f2b8c1e-3f4a-4b6e-9a1d-2c3b4d5e6f70")
REF = str(PAYMENT_ID)
SECRETS = ("client-secret-xyz", "subscription-key-abc", "issued-token-1", "issued-token-2")


def money(value: int) -> dict[str, object]:
    return {"currency": "DKK", "value": value}


def payment_json(state: str = "AUTHORIZED", captured: int = 0) -> dict[str, object]:
    return {
        "reference": REF,
        "state": state,
        "amount": money(12500),
        "pspReference": "psp-1",
        "paymentMethod": {"type": "WALLET"},
        "profile": {},
        "captureGuaranteedUntil": "2026-12-01T00:00:00Z",
        "aggregate": {
            "authorizedAmount": money(12500),
            "cancelledAmount": money(0),
            "capturedAmount": money(captured),
            "refundedAmount": money(0),
        },
    }


class Vendor:
    """A MockTransport handler: tokens on /accesstoken/get, then scripted answers for everything else."""

    def __init__(self, *answers: httpx.Response | Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.token_requests: list[httpx.Request] = []
        self.token_status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/accesstoken/get"):
            self.token_requests.append(request)
            if self.token_status != 200:
                return httpx.Response(self.token_status, json={"statusCode": 401, "message": "Access denied"})
            token = f"issued-token-{len(self.token_requests)}"
            return httpx.Response(200, json={"token_type": "Bearer", "expires_in": "3600", "access_token": token})
        self.requests.append(request)
        answer = self.answers.pop(0)
        return answer(request) if callable(answer) else answer


class NoSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def scripted_gateway(
    vendor: Vendor, *, base_url: str = "https://api.example/prefix/", sleep: NoSleep | None = None
) -> HttpxMobilePayGateway:
    client = httpx.AsyncClient(transport=httpx.MockTransport(vendor))
    return HttpxMobilePayGateway(
        base_url=base_url,
        client_id="client-id",
        client_secret="client-secret-xyz",
        subscription_key="subscription-key-abc",
        msn="123456",
        client=client,
        timeout=7.5,
        retry_policy=RetryPolicy(max_attempts=3),
        sleep=sleep or NoSleep(),
    )
