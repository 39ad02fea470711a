"""Webhooks over real HTTP: the simulator signs, the portal's verifier (written apart from it) accepts exactly
what it signed, every body matches the vendor's WebhookEvent schema, and the switches change delivery."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx
import pytest

from application.ports.mobilepay_gateway import InvalidWebhookSignature
from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.webhook_verifier import HmacWebhookVerifier
from tests.contract.mobilepay.vendor_openapi import schema_validator
from tests.integration.mobilepay.delivery_support import MSN, Receiver, until

pytestmark = pytest.mark.integration


async def _approved_and_captured(gateway: HttpxMobilePayGateway, control: httpx.AsyncClient) -> UUID:
    payment_id = uuid4()
    await gateway.create_payment(payment_id=payment_id, amount=24950, currency="DKK", phone_number="4520123456")
    assert (await control.post(f"/control/api/payments/{MSN}/{payment_id}/approve")).status_code == 204
    await gateway.capture(payment_id, amount=24950, currency="DKK")
    return payment_id


def _names(receiver: Receiver) -> list[str]:
    return [json.loads(d.body)["name"] for d in receiver.deliveries]


async def test_deliveries_verify_with_the_registration_secret_and_match_the_vendor_schema(
    gateway: HttpxMobilePayGateway, control: httpx.AsyncClient, receiver: Receiver
) -> None:
    registration = await gateway.register_webhook(url=receiver.url + "?portal=1")
    payment_id = await _approved_and_captured(gateway, control)
    await until(lambda: len(receiver.deliveries) == 3)
    assert _names(receiver) == ["CREATED", "AUTHORIZED", "CAPTURED"]
    verifier = HmacWebhookVerifier(secret=registration.secret)
    events = [
        verifier.verify(headers=d.headers, body=d.body, path_and_query=d.path_and_query, now=datetime.now(UTC))
        for d in receiver.deliveries
    ]
    assert {e.reference for e in events} == {str(payment_id)}
    assert events[-1].amount == 24950
    assert events[-1].idempotency_key == f"capture-{payment_id}"
    assert {e.msn for e in events} == {MSN}
    webhook_event = schema_validator("WebhookEvent")
    for delivery in receiver.deliveries:
        webhook_event.validate(json.loads(delivery.body))
        assert delivery.path_and_query == "/webhooks/mobilepay?portal=1"


async def test_an_altered_replayed_or_stale_delivery_is_refused(
    gateway: HttpxMobilePayGateway, control: httpx.AsyncClient, receiver: Receiver
) -> None:
    registration = await gateway.register_webhook(url=receiver.url, events=["epayments.payment.created.v1"])
    await gateway.create_payment(payment_id=uuid4(), amount=100, currency="DKK", phone_number="4520123456")
    await until(lambda: len(receiver.deliveries) == 1)
    delivery = receiver.deliveries[0]
    verifier = HmacWebhookVerifier(secret=registration.secret)
    now = datetime.now(UTC)
    with pytest.raises(InvalidWebhookSignature):
        verifier.verify(
            headers=delivery.headers,
            body=delivery.body.replace(b"100", b"999"),
            path_and_query=delivery.path_and_query,
            now=now,
        )
    with pytest.raises(InvalidWebhookSignature):
        verifier.verify(
            headers=delivery.headers,
            body=delivery.body,
            path_and_query=delivery.path_and_query,
            now=now + timedelta(minutes=6),
        )
    with pytest.raises(InvalidWebhookSignature):
        HmacWebhookVerifier(secret="not-the-secret").verify(
            headers=delivery.headers, body=delivery.body, path_and_query=delivery.path_and_query, now=now
        )


async def test_the_duplicate_switch_sends_each_event_twice(
    gateway: HttpxMobilePayGateway, control: httpx.AsyncClient, receiver: Receiver
) -> None:
    await control.put("/control/api/switches", json={"duplicate": True})
    await gateway.register_webhook(url=receiver.url)
    await _approved_and_captured(gateway, control)
    await until(lambda: len(receiver.deliveries) == 6)
    assert _names(receiver) == ["CREATED", "CREATED", "AUTHORIZED", "AUTHORIZED", "CAPTURED", "CAPTURED"]


async def test_the_reorder_switch_lets_capture_overtake_authorization(
    gateway: HttpxMobilePayGateway, control: httpx.AsyncClient, receiver: Receiver
) -> None:
    await control.put("/control/api/switches", json={"reorder": True})
    await gateway.register_webhook(
        url=receiver.url, events=["epayments.payment.authorized.v1", "epayments.payment.captured.v1"]
    )
    await _approved_and_captured(gateway, control)
    await until(lambda: len(receiver.deliveries) == 2)
    assert _names(receiver) == ["CAPTURED", "AUTHORIZED"]


async def test_the_late_switch_holds_deliveries_until_flushed(
    gateway: HttpxMobilePayGateway, control: httpx.AsyncClient, receiver: Receiver
) -> None:
    await control.put("/control/api/switches", json={"late_seconds": 600})
    await gateway.register_webhook(url=receiver.url, events=["epayments.payment.created.v1"])
    await gateway.create_payment(payment_id=uuid4(), amount=100, currency="DKK", phone_number="4520123456")
    pending = (await control.get("/control/api/state")).json()["pending_deliveries"]
    assert [p["name"] for p in pending] == ["CREATED"]
    assert receiver.deliveries == []
    assert (await control.post("/control/api/flush")).status_code == 204
    await until(lambda: len(receiver.deliveries) == 1)
