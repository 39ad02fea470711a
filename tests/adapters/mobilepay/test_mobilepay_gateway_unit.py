"""HttpxMobilePayGateway against a scripted transport: what it sends and how it reads the answers."""

from __future__ import annotations

import json

import httpx
import pytest
from structlog.testing import capture_logs

from application.ports.mobilepay_gateway import MobilePayUnavailable
from tests.adapters.mobilepay.gateway_support import (
    PAYMENT_ID,
    REF,
    SECRETS,
    Vendor,
    payment_json,
    scripted_gateway,
)

pytestmark = pytest.mark.adapter


async def test_create_sends_a_push_message_with_the_payment_id_as_reference_and_key() -> None:
    vendor = Vendor(httpx.Response(201, json={"reference": REF}))
    reference = await scripted_gateway(vendor).create_payment(
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
    await scripted_gateway(vendor).create_payment(payment_id=PAYMENT_ID, amount=100, currency="DKK", phone_number=given)
    assert json.loads(vendor.requests[0].content)["customer"] == {"phoneNumber": sent}


async def test_the_token_call_carries_the_credentials_and_an_empty_body() -> None:
    vendor = Vendor(httpx.Response(200, json=payment_json()))
    await scripted_gateway(vendor).get_payment(PAYMENT_ID)
    token_request = vendor.token_requests[0]
    assert str(token_request.url) == "https://api.example/prefix/accesstoken/get"
    assert token_request.headers["client_id"] == "client-id"
    assert token_request.headers["client_secret"] == "client-secret-xyz"
    assert token_request.headers["Ocp-Apim-Subscription-Key"] == "subscription-key-abc"
    assert token_request.content == b""


async def test_every_call_has_a_timeout_and_one_token_serves_them_all() -> None:
    vendor = Vendor(*[httpx.Response(200, json=payment_json())] * 3)
    gateway = scripted_gateway(vendor)
    for _ in range(3):
        await gateway.get_payment(PAYMENT_ID)
    assert len(vendor.token_requests) == 1
    for request in [*vendor.token_requests, *vendor.requests]:
        assert request.extensions["timeout"] == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}


async def test_get_reads_state_and_aggregate_and_ignores_newer_fields() -> None:
    vendor = Vendor(httpx.Response(200, json=payment_json(captured=5000)))
    payment = await scripted_gateway(vendor).get_payment(PAYMENT_ID)
    assert (payment.state, payment.amount, payment.currency) == ("AUTHORIZED", 12500, "DKK")
    assert payment.aggregate.captured == 5000
    assert payment.capturable == 7500


async def test_capture_cancel_and_refund_use_their_own_keys_and_bodies() -> None:
    vendor = Vendor(*[httpx.Response(200, json=payment_json())] * 3)
    gateway = scripted_gateway(vendor)
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
    vendor = Vendor(httpx.Response(401, json={"statusCode": 401}), httpx.Response(200, json=payment_json()))
    await scripted_gateway(vendor).get_payment(PAYMENT_ID)
    assert [r.headers["Authorization"] for r in vendor.requests] == ["Bearer issued-token-1", "Bearer issued-token-2"]


async def test_a_second_401_means_our_credentials_are_wrong() -> None:
    vendor = Vendor(*[httpx.Response(401, json={"statusCode": 401})] * 2)
    with pytest.raises(MobilePayUnavailable, match="credentials"):
        await scripted_gateway(vendor).get_payment(PAYMENT_ID)


async def test_a_refused_token_is_unavailable_and_nothing_secret_is_logged_or_raised() -> None:
    vendor = Vendor()
    vendor.token_status = 401
    with capture_logs() as logs, pytest.raises(MobilePayUnavailable) as raised:
        await scripted_gateway(vendor).get_payment(PAYMENT_ID)
    text = repr(logs) + str(raised.value) + repr(raised.value)
    assert logs  # the refusal was logged
    assert not [secret for secret in SECRETS if secret in text]


async def test_logs_of_a_whole_payment_hold_no_secret() -> None:
    vendor = Vendor(
        httpx.Response(503, json={}),
        httpx.Response(201, json={"reference": REF}),
        httpx.Response(200, json=payment_json()),
    )
    gateway = scripted_gateway(vendor)
    with capture_logs() as logs:
        await gateway.create_payment(payment_id=PAYMENT_ID, amount=100, currency="DKK", phone_number="4520123456")
        await gateway.capture(PAYMENT_ID, amount=100, currency="DKK")
    assert any(entry["event"] == "mobilepay.retry" for entry in logs)
    assert not [secret for secret in SECRETS if secret in repr(logs)]
    assert "subscription-key-abc" not in repr(gateway)


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
    gateway = scripted_gateway(vendor)
    registration = await gateway.register_webhook(url="https://p.example/webhooks/mobilepay")
    listed = await gateway.list_webhooks()
    await gateway.delete_webhook("w1")
    assert registration.secret == "s3cret"
    assert listed[0].events == ("epayments.payment.captured.v1",)
    register, _, delete = vendor.requests
    assert len(json.loads(register.content)["events"]) == 8
    assert (delete.method, delete.url.path) == ("DELETE", "/prefix/webhooks/v1/webhooks/w1")
