"""StatusBroadcaster (PRODUCT §6.5, ADR-0019), one contract run on the fake, on the in-process StatusHub (embedded,
SQLite) and on PostgreSQL's LISTEN/NOTIFY broadcaster (heard by this process and by another one's listener): every
status published for a payment reaches its watchers, in order, and no other payment's watchers."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

import pytest

from application.ports.payments import StatusBroadcaster
from infrastructure.container import Container
from infrastructure.live.postgres_broadcaster import PostgresStatusBroadcaster
from infrastructure.live.status_hub import StatusHub
from tests.fakes import FakeStatusBroadcaster

pytestmark = pytest.mark.contract
NextStatus = Callable[[], Awaitable[str]]
Watch = Callable[[uuid.UUID], AbstractAsyncContextManager[NextStatus]]


@dataclass
class Harness:
    broadcaster: StatusBroadcaster
    watchers: list[Watch]  # each place a status must reach: this process, and another process where there is one


@contextlib.asynccontextmanager
async def _on_hub(hub: StatusHub, payment_id: uuid.UUID) -> AsyncIterator[NextStatus]:
    async with hub.subscribe(payment_id) as queue:

        async def next_status() -> str:
            return await asyncio.wait_for(queue.get(), timeout=5)

        yield next_status


def _on_fake(fake: FakeStatusBroadcaster) -> Watch:
    @contextlib.asynccontextmanager
    async def watch(payment_id: uuid.UUID) -> AsyncIterator[NextStatus]:
        seen = len(fake.published)

        async def next_status() -> str:
            nonlocal seen
            mine = [(i, s) for i, (p, s) in enumerate(fake.published) if p == payment_id and i >= seen]
            assert mine, "nothing was published for this payment"
            seen = mine[0][0] + 1
            return mine[0][1]

        yield next_status

    return watch


async def _listening(container: Container) -> AsyncIterator[Harness]:
    """This process's broadcaster, and another process's listener feeding a hub of its own."""
    broadcaster = container.status_broadcaster()
    assert isinstance(broadcaster, PostgresStatusBroadcaster)
    other_hub = StatusHub()
    other = PostgresStatusBroadcaster(container.settings().database_url, other_hub, container.session_factory())
    stop = asyncio.Event()
    listener = asyncio.create_task(other.listen(stop))
    warm_up = uuid.uuid4()
    async with other_hub.subscribe(warm_up) as queue:  # the listener is up once it hears something
        for _ in range(100):
            await broadcaster.publish(warm_up, "warm-up")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(queue.get(), timeout=0.1)
                break
        else:
            pytest.fail("the other process's listener never came up")
    hub = container.status_hub()
    yield Harness(
        broadcaster=broadcaster,
        watchers=[lambda p: _on_hub(hub, p), lambda p: _on_hub(other_hub, p)],
    )
    stop.set()
    await listener


@pytest.fixture(params=["fake", "hub", "postgresql"])
def backend(request: pytest.FixtureRequest) -> tuple[str, Container | None]:
    container = request.getfixturevalue("pg_container") if request.param == "postgresql" else None
    return request.param, container


@pytest.fixture
async def harness(backend: tuple[str, Container | None]) -> AsyncIterator[Harness]:
    name, container = backend
    if name == "fake":
        fake = FakeStatusBroadcaster()
        yield Harness(broadcaster=fake, watchers=[_on_fake(fake)])
    elif container is None:
        hub = StatusHub()
        yield Harness(broadcaster=hub, watchers=[lambda p: _on_hub(hub, p)])
    else:
        async for made in _listening(container):
            yield made


async def test_every_status_reaches_the_payments_watchers_in_order(harness: Harness) -> None:
    for watch in harness.watchers:
        mine, other = uuid.uuid4(), uuid.uuid4()  # fresh per watcher: the last one's notifications may still travel
        async with watch(mine) as next_status:
            await harness.broadcaster.publish(other, "cancelled")  # had it reached mine, it would come first
            await harness.broadcaster.publish(mine, "authorized")
            await harness.broadcaster.publish(mine, "complete")
            heard = [await next_status(), await next_status()]
            assert heard == ["authorized", "complete"], (harness.watchers.index(watch), heard)
