"""Faults over real HTTP: timeouts, 5xx and 429 from the simulator are retried on the same idempotency key,
and no payment or capture happens twice. A transport wrapper is used only for a dropped connection, which the
simulator cannot cause."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from application.ports.mobilepay_gateway import MobilePayUnavailable
from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from tests.contract.mobilepay.contract_support import RecordedSleep, Rig, make_gateway
from tests.contract.mobilepay.live_server import free_port

pytestmark = pytest.mark.contract

PHONE = "4520123456"


async def _arm(rig: Rig, **fault: Any) -> None:
    answer = await rig.control.post("/control/api/faults", json=fault)
    assert answer.status_code == 201, answer.text


async def _create_calls(rig: Rig, payment_id: UUID) -> list[dict[str, Any]]:
    """What the simulator saw of creates with this payment's key (its own call log)."""
    state = (await rig.control.get("/control/api/state")).json()
    return [c for c in state["calls"] if c["operation"] == "create" and c["idempotency_key"] == str(payment_id)]


async def _create(gateway: HttpxMobilePayGateway, payment_id: UUID) -> None:
    await gateway.create_payment(payment_id=payment_id, amount=12500, currency="DKK", phone_number=PHONE)


async def test_a_create_that_timed_out_after_being_applied_is_retried_on_the_same_key_once(rig: Rig) -> None:
    gateway = rig.gateway(timeout=0.3)
    await _arm(rig, operation="create", kind="timeout", when="after", delay_seconds=1.5)
    payment_id = uuid4()
    await _create(gateway, payment_id)
    calls = await _create_calls(rig, payment_id)
    assert [c["replayed"] for c in calls] == [False, True]  # applied once, then the stored answer
    assert len(rig.sleeps.delays) == 1
    assert [e.name for e in await gateway.list_events(payment_id)] == ["CREATED"]


async def test_5xx_after_applying_is_retried_and_creates_one_payment(rig: Rig) -> None:
    gateway = rig.gateway()
    await _arm(rig, operation="create", kind="error", status=503, when="after", count=2)
    payment_id = uuid4()
    await _create(gateway, payment_id)
    assert rig.checked.statuses("POST", "/epayment/v1/payments") == [503, 503, 201]
    assert {r.headers["Idempotency-Key"] for r in rig.checked.sent("POST", "/epayment/v1/payments")} == {
        str(payment_id)
    }
    assert rig.sleeps.delays == [0.5, 1.0]
    assert [e.name for e in await gateway.list_events(payment_id)] == ["CREATED"]
    payments = (await rig.control.get("/control/api/state")).json()["payments"]
    assert [p["reference"] for p in payments].count(str(payment_id)) == 1


async def test_5xx_before_applying_is_retried_and_creates_the_payment(rig: Rig) -> None:
    gateway = rig.gateway()
    await _arm(rig, operation="create", kind="error", status=500, when="before")
    payment_id = uuid4()
    await _create(gateway, payment_id)
    assert [c.get("replayed") for c in await _create_calls(rig, payment_id)] == [None, False]
    assert (await gateway.get_payment(payment_id)).state == "CREATED"


async def test_a_429_is_retried_after_the_time_the_vendor_asks(rig: Rig) -> None:
    gateway = rig.gateway()
    await _arm(rig, operation="create", kind="rate_limit", retry_after=2)
    payment_id = uuid4()
    await _create(gateway, payment_id)
    assert rig.sleeps.delays == [2.0]
    assert rig.checked.statuses("POST", "/epayment/v1/payments") == [429, 201]
    assert (await gateway.get_payment(payment_id)).state == "CREATED"


async def test_a_capture_that_timed_out_is_captured_once(rig: Rig) -> None:
    gateway = rig.gateway(timeout=0.3)
    payment_id = uuid4()
    await _create(gateway, payment_id)
    await rig.customer.approve(payment_id)
    await _arm(rig, operation="capture", kind="timeout", when="after", delay_seconds=1.5)
    captured = await gateway.capture(payment_id, amount=12500, currency="DKK")
    assert captured.aggregate.captured == 12500
    assert len(rig.sleeps.delays) == 1
    assert {r.headers["Idempotency-Key"] for r in rig.checked.sent("POST", "/capture")} == {f"capture-{payment_id}"}
    assert [e.name for e in await gateway.list_events(payment_id)].count("CAPTURED") == 1


async def test_when_retries_run_out_a_later_call_on_the_same_key_makes_no_second_payment(rig: Rig) -> None:
    gateway = rig.gateway(attempts=3)
    await _arm(rig, operation="create", kind="error", status=500, when="after", count=3)
    payment_id = uuid4()
    with pytest.raises(MobilePayUnavailable):
        await _create(gateway, payment_id)
    await _create(gateway, payment_id)  # the worker's later retry, same key
    applied = [c for c in await _create_calls(rig, payment_id) if c.get("replayed") is False]
    assert len(applied) == 1
    assert [e.name for e in await gateway.list_events(payment_id)] == ["CREATED"]


async def test_a_failing_token_endpoint_is_retried(rig: Rig) -> None:
    await _arm(rig, operation="token", kind="error", status=502, when="before")
    gateway = rig.gateway()
    await _create(gateway, uuid4())
    assert rig.checked.statuses("POST", "/accesstoken/get") == [502, 200]
    assert rig.sleeps.delays == [0.5]


async def test_revoked_tokens_are_replaced_without_failing_the_call(rig: Rig) -> None:
    gateway = rig.gateway()
    payment_id = uuid4()
    await _create(gateway, payment_id)
    assert (await rig.control.post("/control/api/tokens/expire")).status_code == 204
    assert (await gateway.get_payment(payment_id)).state == "CREATED"
    assert len(rig.checked.sent("POST", "/accesstoken/get")) == 2
    assert rig.checked.statuses("GET", str(payment_id)) == [401, 200]


async def test_an_unreachable_vendor_is_unavailable_after_the_retries() -> None:
    sleeps = RecordedSleep()
    async with httpx.AsyncClient() as client:
        gateway = make_gateway(f"http://127.0.0.1:{free_port()}", client, sleeps, attempts=3)
        with pytest.raises(MobilePayUnavailable, match="ConnectError"):
            await gateway.get_payment(uuid4())
    assert len(sleeps.delays) == 2


class DropFirstCreateAnswer(httpx.AsyncBaseTransport):
    """Sends every request for real, but loses the answer to the first create (the connection drops)."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._real.handle_async_request(request)
        if request.url.path.endswith("/epayment/v1/payments") and not self.dropped:
            self.dropped += 1
            await response.aclose()
            raise httpx.RemoteProtocolError("peer closed connection", request=request)
        return response

    async def aclose(self) -> None:
        await self._real.aclose()


async def test_an_answer_lost_on_the_way_back_is_retried_without_a_second_payment(rig: Rig) -> None:
    transport = DropFirstCreateAnswer()
    async with httpx.AsyncClient(transport=transport, event_hooks={"response": [rig.checked]}) as client:
        gateway = make_gateway(rig.simulator.url, client, rig.sleeps)
        payment_id = uuid4()
        await _create(gateway, payment_id)
        assert transport.dropped == 1
        assert [c["replayed"] for c in await _create_calls(rig, payment_id)] == [False, True]
        assert [e.name for e in await gateway.list_events(payment_id)] == ["CREATED"]
