"""HttpxMobilePayGateway against a scripted transport: what it sends, how it reads answers and errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from uuid import UUID

import httpx
import pytest
from structlog.testing import capture_logs

from application.ports.mobilepay_gateway import (
    MobilePayPaymentNotFound,
    MobilePayRefused,
    MobilePayUnavailable,
)
from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.retries import RetryPolicy

pytestmark = pytest.mark.unit

PAYMENT_ID = UUID("6f2b8c1e-3f4a-4b6e-9a1d-2c3b4d5e6f70")
REF = str(PAYMENT_ID)
SECRETS = ("client-secret-xyz", "subscription-key-abc", "issued-token-1", "issued-token-2")


def _money(value: int) -> dict[str, object]:
    return {"currency": "DKK", "value": value}


def _payment(state: str = "AUTHORIZED", captured: int = 0) -> dict[str, object]:
    money = _money
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


def _gateway(
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


async def test_create_sends_a_push_message_with_the_payment_id_as_reference_and_key() -> None:
    vendor = Vendor(httpx.Response(201, json={"reference": REF}))
    reference = await _gateway(vendor).create_payment(
        payment_id=PAYMENT_ID, amount=12500, currency="DKK", phone_number="+45 20 12 34 56", description="INV-1"
    )
    assert reference == REF
    sent = vendor.requests[0]
    assert sent.method == "POST"
    assert str(sent.url) == "https://api.example/prefix/epayment/v1/payments"
    assert sent.headers["Idempotency-Key"] == REF
    assert sent.headers["Authorization"] == "Bearer issued-token-1"
    assert sent.headers["Ocp-Apim-Subscription-Key"] == "subscription-key-abc"
    assert sent.headers["Merchant-Serial-Number"] == "123456"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == {
        "amount": {"currency": "DKK", "value": 12500},
        "paymentMethod": {"type": "WALLET"},
        "reference": REF,
        "userFlow": "PUSH_MESSAGE",
        "customer": {"phoneNumber": "4520123456"},
        "paymentDescription": "INV-1",
    }


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("+4520123456", "4520123456"),
        ("004520123456", "4520123456"),
        ("45 20-12 34 56", "4520123456"),
        ("358401234567", "358401234567"),
    ],
)
async def test_phone_numbers_are_sent_as_msisdn(given: str, sent: str) -> None:
    vendor = Vendor(httpx.Response(201, json={"reference": REF}))
    await _gateway(vendor).create_payment(payment_id=PAYMENT_ID, amount=100, currency="DKK", phone_number=given)
    assert json.loads(vendor.requests[0].content)["customer"] == {"phoneNumber": sent}


async def test_the_token_call_carries_the_credentials_and_an_empty_body() -> None:
    vendor = Vendor(httpx.Response(200, json=_payment()))
    await _gateway(vendor).get_payment(PAYMENT_ID)
    token_request = vendor.token_requests[0]
    assert str(token_request.url) == "https://api.example/prefix/accesstoken/get"
    assert token_request.headers["client_id"] == "client-id"
    assert token_request.headers["client_secret"] == "client-secret-xyz"
    assert token_request.headers["Ocp-Apim-Subscription-Key"] == "subscription-key-abc"
    assert token_request.content == b""


async def test_every_call_has_a_timeout_and_one_token_serves_them_all() -> None:
    vendor = Vendor(*[httpx.Response(200, json=_payment())] * 3)
    gateway = _gateway(vendor)
    for _ in range(3):
        await gateway.get_payment(PAYMENT_ID)
    assert len(vendor.token_requests) == 1
    for request in [*vendor.token_requests, *vendor.requests]:
        assert request.extensions["timeout"] == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}


async def test_get_reads_state_and_aggregate_and_ignores_newer_fields() -> None:
    vendor = Vendor(httpx.Response(200, json=_payment(captured=5000)))
    payment = await _gateway(vendor).get_payment(PAYMENT_ID)
    assert (payment.state, payment.amount, payment.currency) == ("AUTHORIZED", 12500, "DKK")
    assert payment.aggregate.captured == 5000
    assert payment.capturable == 7500


async def test_capture_cancel_and_refund_use_their_own_keys_and_bodies() -> None:
    vendor = Vendor(*[httpx.Response(200, json=_payment())] * 3)
    gateway = _gateway(vendor)
    await gateway.capture(PAYMENT_ID, amount=12500, currency="DKK")
    await gateway.cancel(PAYMENT_ID)
    await gateway.refund(PAYMENT_ID, amount=100, currency="DKK", idempotency_key=f"refund-{REF}-1")
    capture, cancel, refund = vendor.requests
    assert capture.url.path.endswith(f"/payments/{REF}/capture")
    assert capture.headers["Idempotency-Key"] == f"capture-{REF}"
    assert json.loads(capture.content) == {"modificationAmount": {"currency": "DKK", "value": 12500}}
    assert cancel.headers["Idempotency-Key"] == f"cancel-{REF}"
    assert json.loads(cancel.content) == {"cancelTransactionOnly": False}
    assert refund.headers["Idempotency-Key"] == f"refund-{REF}-1"
    assert json.loads(refund.content) == {"modificationAmount": {"currency": "DKK", "value": 100}}


async def test_a_401_gets_one_fresh_token_and_one_more_try() -> None:
    vendor = Vendor(httpx.Response(401, json={"statusCode": 401}), httpx.Response(200, json=_payment()))
    await _gateway(vendor).get_payment(PAYMENT_ID)
    assert [r.headers["Authorization"] for r in vendor.requests] == ["Bearer issued-token-1", "Bearer issued-token-2"]


async def test_a_second_401_means_our_credentials_are_wrong() -> None:
    vendor = Vendor(*[httpx.Response(401, json={"statusCode": 401})] * 2)
    with pytest.raises(MobilePayUnavailable, match="credentials"):
        await _gateway(vendor).get_payment(PAYMENT_ID)


async def test_a_refused_token_is_unavailable_and_nothing_secret_is_logged_or_raised() -> None:
    vendor = Vendor()
    vendor.token_status = 401
    with capture_logs() as logs, pytest.raises(MobilePayUnavailable) as raised:
        await _gateway(vendor).get_payment(PAYMENT_ID)
    text = repr(logs) + str(raised.value) + repr(raised.value)
    assert logs  # the refusal was logged
    assert not [secret for secret in SECRETS if secret in text]


async def test_logs_of_a_whole_payment_hold_no_secret() -> None:
    vendor = Vendor(
        httpx.Response(503, json={}), httpx.Response(201, json={"reference": REF}), httpx.Response(200, json=_payment())
    )
    gateway = _gateway(vendor)
    with capture_logs() as logs:
        await gateway.create_payment(payment_id=PAYMENT_ID, amount=100, currency="DKK", phone_number="4520123456")
        await gateway.capture(PAYMENT_ID, amount=100, currency="DKK")
    assert any(entry["event"] == "mobilepay.retry" for entry in logs)
    assert not [secret for secret in SECRETS if secret in repr(logs)]
    assert "subscription-key-abc" not in repr(gateway)


def _problem(status: int, code: str | None, title: str = "Refused") -> httpx.Response:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status, "traceId": "trace-7"}
    if code is not None:
        body["extraDetails"] = [{"name": "ErrorCode", "reason": code}]
    return httpx.Response(status, json=body, headers={"Content-Type": "application/problem+json"})


@pytest.mark.parametrize(
    ("status", "code", "reason"),
    [
        (400, "7010", "customer_not_found"),
        (400, "4070", "invalid_phone"),
        (400, "6090", "amount_exceeds_authorized"),
        (409, None, "conflict"),
        (400, "9999", "refused"),
        (400, None, "refused"),
    ],
)
async def test_a_vendor_refusal_becomes_mobilepay_refused_with_its_code(
    status: int, code: str | None, reason: str
) -> None:
    vendor = Vendor(_problem(status, code, "Customer not found"))
    with pytest.raises(MobilePayRefused) as raised:
        await _gateway(vendor).create_payment(
            payment_id=PAYMENT_ID, amount=1, currency="DKK", phone_number="4512345678"
        )
    error = raised.value
    assert (error.status, error.code, error.reason, error.trace_id) == (status, code, reason, "trace-7")
    assert "Customer not found" in error.message


async def test_an_apim_forbidden_body_is_read_too() -> None:
    vendor = Vendor(httpx.Response(403, json={"statusCode": 403, "message": "Merchant Not Allowed"}))
    with pytest.raises(MobilePayRefused, match="Merchant Not Allowed") as raised:
        await _gateway(vendor).capture(PAYMENT_ID, amount=1, currency="DKK")
    assert raised.value.reason == "not_allowed"


@pytest.mark.parametrize("answer", [_problem(404, None), _problem(400, "5090")])
async def test_an_unknown_reference_is_not_found(answer: httpx.Response) -> None:
    with pytest.raises(MobilePayPaymentNotFound) as raised:
        await _gateway(Vendor(answer)).get_payment(PAYMENT_ID)
    assert raised.value.reference == REF


async def test_a_busy_code_is_retried_and_then_unavailable() -> None:
    sleep = NoSleep()
    vendor = Vendor(*[_problem(400, "6280")] * 3)
    with pytest.raises(MobilePayUnavailable, match="6280"):
        await _gateway(vendor, sleep=sleep).capture(PAYMENT_ID, amount=1, currency="DKK")
    assert len(vendor.requests) == 3
    assert {r.headers["Idempotency-Key"] for r in vendor.requests} == {f"capture-{REF}"}


@pytest.mark.parametrize("body", [b"<html>gateway</html>", b'{"reference": 5}', b"[]"])
async def test_an_unreadable_success_is_unavailable(body: bytes) -> None:
    vendor = Vendor(httpx.Response(201, content=body))
    with pytest.raises(MobilePayUnavailable, match="unreadable"):
        await _gateway(vendor).create_payment(
            payment_id=PAYMENT_ID, amount=1, currency="DKK", phone_number="4512345678"
        )


async def test_webhook_registration_list_and_delete() -> None:
    vendor = Vendor(
        httpx.Response(201, json={"id": "0d7b1c7e-0000-4000-8000-000000000001", "secret": "s3cret"}),
        httpx.Response(
            200,
            json={
                "webhooks": [
                    {
                        "id": "w1",
                        "url": "https://p.example/webhooks/mobilepay",
                        "events": ["epayments.payment.captured.v1"],
                    }
                ]
            },
        ),
        httpx.Response(204),
    )
    gateway = _gateway(vendor)
    registration = await gateway.register_webhook(url="https://p.example/webhooks/mobilepay")
    listed = await gateway.list_webhooks()
    await gateway.delete_webhook("w1")
    assert registration.secret == "s3cret"
    assert listed[0].events == ("epayments.payment.captured.v1",)
    register, _, delete = vendor.requests
    assert len(json.loads(register.content)["events"]) == 8
    assert (delete.method, delete.url.path) == ("DELETE", "/prefix/webhooks/v1/webhooks/w1")
