"""SmsGateway and SentSmsReader (PRODUCT §8 `sms` actions, §9 `/dev/sms`), one contract run on the fake, on the
embedded SMS outbox (SQLite and PostgreSQL) and on the GatewayAPI adapter (against an in-memory GatewayAPI on httpx's
MockTransport: there is no simulator of it): a message is handed over whole and answered with an id, a repeat of a
key is dropped by the adapters that can, an unreachable gateway raises SmsUnavailable (retry later), never anything
else, and the gateways that keep what they sent list it newest first."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

import httpx
import pytest

from application.ports.sms import SmsGateway, SmsMessage, SmsUnavailable
from application.queries.automation.views import SentSmsReader
from infrastructure.container import Container
from infrastructure.persistence.engine import make_engine, make_session_factory
from infrastructure.sms.embedded_outbox import EmbeddedSmsOutbox
from infrastructure.sms.gatewayapi import GatewayApiSmsGateway
from tests.fakes import FakeClock, FakeSmsGateway

pytestmark = pytest.mark.contract
MESSAGE = SmsMessage(to="+4520123456", text="Faktura INV-1 forfalder i dag: https://portal.example/p/1", key="k1")


@dataclass
class Harness:
    """One gateway under test: `received` is what reached the other end as (to, text, key); `down` makes it
    unreachable; `drops_repeats` says whether it can use the idempotency key to drop a repeat."""

    gateway: SmsGateway
    received: list[tuple[str, str, str]] = field(default_factory=list)
    drops_repeats: bool = True
    outbox: SentSmsReader | None = None  # the fake and the embedded outbox also list what they sent
    gatewayapi_down: list[bool] = field(default_factory=lambda: [False])

    async def seen(self) -> list[tuple[str, str, str]]:
        if self.outbox is not None:
            return [(m.to, m.text, m.key) for m in reversed(await self.outbox.sent(limit=100))]
        return self.received


def _gatewayapi(harness_received: list[tuple[str, str, str]], down: list[bool]) -> httpx.AsyncClient:
    ids = itertools.count(1000)

    def answer(request: httpx.Request) -> httpx.Response:
        if down[0]:
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content)
        harness_received.append(("+" + str(body["recipients"][0]["msisdn"]), body["message"], body["userref"]))
        return httpx.Response(200, json={"ids": [next(ids)]})

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


@pytest.fixture(params=["fake", "embedded-sqlite", "embedded-postgresql", "gatewayapi"])
def harness(request: pytest.FixtureRequest) -> Harness:
    if request.param == "fake":
        fake = FakeSmsGateway()
        return Harness(gateway=fake, outbox=fake)
    if request.param == "gatewayapi":  # MockTransport: no socket, nothing to close
        received: list[tuple[str, str, str]] = []
        down = [False]
        gateway = GatewayApiSmsGateway(
            _gatewayapi(received, down), "https://gatewayapi.example/rest/mtsms", "token", "Portal"
        )
        return Harness(gateway=gateway, received=received, drops_repeats=False, gatewayapi_down=down)
    name = "sqlite_container" if request.param == "embedded-sqlite" else "pg_container"
    container: Container = request.getfixturevalue(name)
    outbox = container.automation.sms_outbox()
    return Harness(gateway=outbox, outbox=outbox)


async def _go_down(harness: Harness) -> SmsGateway:
    if isinstance(harness.gateway, FakeSmsGateway):
        harness.gateway.unavailable = True
        return harness.gateway
    if isinstance(harness.outbox, EmbeddedSmsOutbox):  # a database that cannot be reached
        engine = make_engine("sqlite:////nonexistent-directory/portal.db")
        return EmbeddedSmsOutbox(make_session_factory(engine), FakeClock(), "Portal")
    harness.gatewayapi_down[0] = True
    return harness.gateway


async def test_a_message_is_handed_over_whole_and_answered_with_an_id(harness: Harness) -> None:
    sms_id = await harness.gateway.send(MESSAGE)
    assert sms_id
    assert await harness.seen() == [(MESSAGE.to, MESSAGE.text, "k1")]
    other = await harness.gateway.send(SmsMessage(to="+4530123456", text="Tak for betalingen", key="k2"))
    assert other and other != sms_id
    assert [m[2] for m in await harness.seen()] == ["k1", "k2"]


async def test_a_repeat_of_a_key_is_dropped_where_the_gateway_can(harness: Harness) -> None:
    first = await harness.gateway.send(MESSAGE)
    again = await harness.gateway.send(MESSAGE)
    if harness.drops_repeats:
        assert again == first
        assert len(await harness.seen()) == 1
    else:
        assert again and len(await harness.seen()) == 2


async def test_an_unreachable_gateway_raises_sms_unavailable(harness: Harness) -> None:
    gateway = await _go_down(harness)
    with pytest.raises(SmsUnavailable):
        await gateway.send(MESSAGE)
    assert await harness.seen() == []


@pytest.fixture(params=["fake", "embedded-sqlite", "embedded-postgresql"])
def keeping(request: pytest.FixtureRequest) -> FakeSmsGateway | EmbeddedSmsOutbox:
    """The gateways that keep what they sent (SentSmsReader: the fake, and the embedded outbox behind /dev/sms)."""
    if request.param == "fake":
        return FakeSmsGateway()
    name = "sqlite_container" if request.param == "embedded-sqlite" else "pg_container"
    container: Container = request.getfixturevalue(name)
    return container.automation.sms_outbox()


async def test_what_was_sent_is_listed_newest_first(keeping: FakeSmsGateway | EmbeddedSmsOutbox) -> None:
    await keeping.send(MESSAGE)
    await keeping.send(SmsMessage(to="+4530123456", text="Tak", key="k2"))
    listed = await keeping.sent(limit=10)
    assert [(m.key, m.to, m.sender) for m in listed] == [("k2", "+4530123456", "Portal"), ("k1", MESSAGE.to, "Portal")]
    assert listed[0].sent_at.utcoffset() is not None
    assert [m.key for m in await keeping.sent(limit=1)] == ["k2"]
