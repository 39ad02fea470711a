"""WebhookSender (PRODUCT §8 `webhook` actions), one contract run on the fake and on the httpx sender (against an
in-memory receiver on httpx's MockTransport): a 2xx answer is returned, the receiver gets the body, the event type and
the same idempotency key on every try, and anything else (another status, a redirect, no connection) raises
WebhookFailed."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

import httpx
import pytest

from application.ports.webhooks import WebhookDelivery, WebhookFailed, WebhookSender
from infrastructure.webhooks.sender import HttpxWebhookSender
from tests.fakes import FakeClock, FakeWebhookSender

pytestmark = pytest.mark.contract
DELIVERY = WebhookDelivery(
    url="https://erp.example/hooks/portal",
    body=b'{"type":"payment.completed"}',
    secret="s3cret",
    key="run-1",
    event_type="payment.completed",
)


@dataclass
class Receiver:
    """The other end: what it got as (body, event type, idempotency key), how it answers, whether it is reachable."""

    status: int = 200
    reachable: bool = True
    got: list[tuple[bytes, str, str]] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)

    def answer(self, request: httpx.Request) -> httpx.Response:
        if not self.reachable:
            raise httpx.ConnectError("connection refused", request=request)
        self.got.append((request.content, request.headers["X-Portal-Event"], request.headers["Idempotency-Key"]))
        self.signatures.append(request.headers["X-Portal-Signature"])
        return httpx.Response(self.status, headers={"Location": "https://elsewhere.example/"})


@dataclass
class Harness:
    sender: WebhookSender
    receiver: Receiver

    def answer_with(self, status: int) -> None:
        self.receiver.status = status
        if isinstance(self.sender, FakeWebhookSender):
            self.sender.status = status

    def go_down(self) -> None:
        self.receiver.reachable = False
        if isinstance(self.sender, FakeWebhookSender):
            self.sender.unreachable = True

    def got(self) -> list[tuple[bytes, str, str]]:
        if isinstance(self.sender, FakeWebhookSender):
            return [(d.body, d.event_type, d.key) for d in self.sender.delivered]
        return self.receiver.got


@pytest.fixture(params=["fake", "httpx"])
def harness(request: pytest.FixtureRequest) -> Harness:
    receiver = Receiver()
    if request.param == "fake":
        return Harness(sender=FakeWebhookSender(), receiver=receiver)
    client = httpx.AsyncClient(transport=httpx.MockTransport(receiver.answer))  # no socket, nothing to close
    return Harness(sender=HttpxWebhookSender(client, FakeClock()), receiver=receiver)


async def test_a_2xx_answer_is_returned_and_the_receiver_gets_the_delivery(harness: Harness) -> None:
    harness.answer_with(202)
    assert await harness.sender.deliver(DELIVERY) == 202
    assert harness.got() == [(DELIVERY.body, "payment.completed", "run-1")]


@pytest.mark.parametrize("status", [500, 404, 302, 429])
async def test_any_other_answer_raises_webhook_failed(harness: Harness, status: int) -> None:
    harness.answer_with(status)
    with pytest.raises(WebhookFailed):
        await harness.sender.deliver(DELIVERY)
    harness.answer_with(200)
    assert await harness.sender.deliver(DELIVERY) == 200
    assert [key for _, _, key in harness.got()] == ["run-1", "run-1"], "a retry carries the same idempotency key"


async def test_an_unreachable_receiver_raises_webhook_failed(harness: Harness) -> None:
    harness.go_down()
    with pytest.raises(WebhookFailed):
        await harness.sender.deliver(DELIVERY)
    assert harness.got() == []


async def test_the_httpx_sender_signs_the_timestamp_and_body() -> None:
    receiver = Receiver()
    clock = FakeClock()
    client = httpx.AsyncClient(transport=httpx.MockTransport(receiver.answer))
    await HttpxWebhookSender(client, clock).deliver(DELIVERY)
    timestamp = int(clock.now().timestamp())
    expected = hmac.new(b"s3cret", f"{timestamp}.".encode() + DELIVERY.body, hashlib.sha256).hexdigest()
    assert receiver.signatures == [f"t={timestamp},v1={expected}"]
