"""The simulator's webhook delivery: signed as the vendor signs, and the duplicate, late and reorder switches."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from infrastructure.mobilepay.simulator import SimulatorState
from infrastructure.mobilepay.simulator.faults import WebhookSwitches
from infrastructure.mobilepay.simulator.signing import signed_headers
from infrastructure.mobilepay.webhook_signature import verify_webhook_signature
from tests.adapters.mobilepay.simulator_support import MSN, Hooks, MovableClock

pytestmark = pytest.mark.adapter

HOOK_URL = "https://portal.example/webhooks/mobilepay?src=sim"
ALL = [f"epayments.payment.{n}.v1" for n in ("created", "authorized", "aborted", "captured", "cancelled", "refunded")]


async def _until(condition: Callable[[], bool]) -> None:
    """Let the delivery task run until `condition` holds (bounded by a number of turns, not by time)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("condition never held")


def _names(hooks: Hooks) -> list[str]:
    return [json.loads(request.content)["name"] for request in hooks.received]


def test_the_simulator_signs_the_vendor_test_vector_exactly() -> None:
    headers = signed_headers(
        url="https://webhook.site/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63",
        body=b'{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}',
        secret="A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A==",
        at=datetime(2023, 3, 30, 8, 38, 32, tzinfo=UTC),
    )
    assert headers["x-ms-date"] == "Thu, 30 Mar 2023 08:38:32 GMT"
    assert headers["x-ms-content-sha256"] == "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4="
    assert headers["Authorization"] == (
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256"
        "&Signature=agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U="
    )
    assert headers["Host"] == "webhook.site"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://a.example:443/x", "a.example"),
        ("http://a.example:80/x", "a.example"),
        ("http://127.0.0.1:8123/x", "127.0.0.1:8123"),
    ],
)
def test_the_signed_host_is_what_the_host_header_carries(url: str, host: str) -> None:
    assert signed_headers(url=url, body=b"{}", secret="s", at=datetime(2026, 1, 1, tzinfo=UTC))["Host"] == host


def _authorized_payment(state: SimulatorState) -> str:
    from infrastructure.mobilepay.simulator.validation import parse_create_request  # noqa: PLC0415

    reference = str(uuid.uuid4())
    body = {
        "amount": {"currency": "DKK", "value": 5000},
        "paymentMethod": {"type": "WALLET"},
        "reference": reference,
        "userFlow": "PUSH_MESSAGE",
        "customer": {"phoneNumber": "4520123456"},
    }
    state.create(MSN, parse_create_request(body, now=state.clock()), reference, landing_url="http://sim/phone")
    return reference


async def test_events_are_delivered_signed_with_the_registration_secret(
    sim_state: SimulatorState, hooks: Hooks, clock: MovableClock
) -> None:
    registration = sim_state.register_webhook(msn=MSN, url=HOOK_URL, events=ALL)
    reference = _authorized_payment(sim_state)
    sim_state.approve(sim_state.find(MSN, reference))
    await _until(lambda: len(hooks.received) == 2)
    assert _names(hooks) == ["CREATED", "AUTHORIZED"]
    for request in hooks.received:
        verify_webhook_signature(
            headers=dict(request.headers),
            body=request.content,
            path_and_query="/webhooks/mobilepay?src=sim",
            secret=registration.secret,
            now=clock.now,
        )
        event = json.loads(request.content)
        assert (event["msn"], event["reference"], event["success"]) == (MSN, reference, True)


async def test_a_given_webhook_secret_signs_every_registration(clock: MovableClock, hooks: Hooks) -> None:
    state = SimulatorState(webhook_secret="portal-secret", clock=clock, webhook_transport=httpx.MockTransport(hooks))
    assert state.register_webhook(msn=None, url=HOOK_URL, events=ALL).secret == "portal-secret"
    generated = SimulatorState(clock=clock).register_webhook(msn=None, url=HOOK_URL, events=ALL).secret
    other = SimulatorState(clock=clock).register_webhook(msn=None, url=HOOK_URL, events=ALL).secret
    assert generated != other
    assert len(generated) >= 32


async def test_only_subscribed_events_of_this_merchant_are_sent(sim_state: SimulatorState, hooks: Hooks) -> None:
    sim_state.register_webhook(msn=MSN, url=HOOK_URL, events=["epayments.payment.authorized.v1"])
    sim_state.register_webhook(msn="999999", url=HOOK_URL, events=ALL)
    reference = _authorized_payment(sim_state)
    sim_state.approve(sim_state.find(MSN, reference))
    await _until(lambda: len(sim_state.webhooks.log) >= 1)
    await asyncio.sleep(0.01)
    assert _names(hooks) == ["AUTHORIZED"]


async def test_duplicate_switch_delivers_every_event_twice(sim_state: SimulatorState, hooks: Hooks) -> None:
    sim_state.webhooks.switches = WebhookSwitches(duplicate=True)
    sim_state.register_webhook(msn=MSN, url=HOOK_URL, events=["epayments.payment.created.v1"])
    _authorized_payment(sim_state)
    await _until(lambda: len(hooks.received) == 2)
    assert hooks.received[0].content == hooks.received[1].content


async def test_late_switch_holds_events_until_flushed(sim_state: SimulatorState, hooks: Hooks) -> None:
    sim_state.webhooks.switches = WebhookSwitches(late_seconds=3600)
    sim_state.register_webhook(msn=MSN, url=HOOK_URL, events=ALL)
    _authorized_payment(sim_state)
    await asyncio.sleep(0.01)
    assert hooks.received == []
    assert len(sim_state.webhooks.pending()) == 1
    sim_state.webhooks.flush()
    await _until(lambda: len(hooks.received) == 1)


async def test_reorder_switch_sends_the_newer_event_first(sim_state: SimulatorState, hooks: Hooks) -> None:
    sim_state.webhooks.switches = WebhookSwitches(reorder=True)
    sim_state.register_webhook(
        msn=MSN, url=HOOK_URL, events=["epayments.payment.authorized.v1", "epayments.payment.captured.v1"]
    )
    reference = _authorized_payment(sim_state)
    payment = sim_state.find(MSN, reference)
    sim_state.approve(payment)
    sim_state.capture(payment, 5000, "DKK", "capture-1")
    await _until(lambda: len(hooks.received) == 2)
    assert _names(hooks) == ["CAPTURED", "AUTHORIZED"]


async def test_a_failing_endpoint_gets_retries_and_holds_back_that_payments_later_events(
    sim_state: SimulatorState, hooks: Hooks
) -> None:
    hooks.status = 500
    sim_state.register_webhook(msn=MSN, url=HOOK_URL, events=ALL)
    reference = _authorized_payment(sim_state)
    await _until(lambda: len(hooks.received) >= 3)
    sim_state.approve(sim_state.find(MSN, reference))
    await _until(lambda: len(hooks.received) >= 5)
    assert set(_names(hooks)) == {"CREATED"}  # AUTHORIZED waits behind the failing CREATED
    hooks.status = 200
    await _until(lambda: _names(hooks)[-1:] == ["AUTHORIZED"])
    assert _names(hooks).count("AUTHORIZED") == 1


async def test_deleting_a_registration_drops_its_queue(sim_state: SimulatorState, hooks: Hooks) -> None:
    sim_state.webhooks.switches = WebhookSwitches(late_seconds=3600)
    registration = sim_state.register_webhook(msn=MSN, url=HOOK_URL, events=ALL)
    _authorized_payment(sim_state)
    assert sim_state.webhooks.unregister(registration.id)
    assert sim_state.webhooks.pending() == []
    assert not sim_state.webhooks.unregister(registration.id)
