"""The outbox relay on PostgreSQL and Redis: concurrent relays, a relay killed mid-batch, exactly-once effect."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import redis
from dependency_injector import providers
from sqlalchemy import func, insert, select

from application import jobs
from application.events.envelope import Envelope
from application.ports.unit_of_work import UnitOfWork
from infrastructure.container import Container, build_container, close_container
from infrastructure.persistence.tables.outbox import events, outbox, processed_messages
from interfaces.worker.main import start_actors
from tests.conftest import REDIS_URL, make_settings

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def redis_db() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:  # the machine's services are part of the contract: fail, never skip
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return client


@pytest.fixture
async def redis_container(pg_database: str, tmp_path: Path, redis_db: redis.Redis) -> Container:
    from tests.conftest import truncate_all  # noqa: PLC0415

    await truncate_all(pg_database)
    container = build_container(make_settings(tmp_path, database_url=pg_database, broker_url=REDIS_URL))
    yield container  # type: ignore[misc]
    await close_container(container)


async def _write_events(container: Container, count: int) -> list[uuid.UUID]:
    """`count` portal events with their outbox rows, as units of work write them."""
    now = dt.datetime.now(dt.UTC)
    ids = [uuid.uuid4() for _ in range(count)]
    async with container.session_factory()() as session, session.begin():
        await session.execute(
            insert(events),
            [{"id": i, "type": "test.happened", "occurred_at": now, "envelope": _envelope(i, now)} for i in ids],
        )
        await session.execute(
            insert(outbox),
            [
                {"message_id": i, "actor": jobs.PORTAL_EVENT, "payload": {"event_id": str(i)}, "created_at": now}
                for i in ids
            ],
        )
    return ids


def _envelope(event_id: uuid.UUID, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "type": "test.happened",
        "schema_version": 1,
        "occurred_at": now.isoformat(),
        "party": None,
        "document": None,
        "data": {},
    }


def _published_ids(client: redis.Redis) -> collections.Counter[str]:
    counter: collections.Counter[str] = collections.Counter()
    for raw in client.hvals(f"dramatiq:{jobs.QUEUE}.msgs"):
        counter[json.loads(raw)["message_id"]] += 1
    return counter


async def _unsent(container: Container) -> int:
    async with container.session_factory()() as session:
        return int(await session.scalar(select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))))


async def test_two_relays_at_once_publish_every_row_once_in_order(
    redis_container: Container, redis_db: redis.Redis
) -> None:
    ids = await _write_events(redis_container, 3000)
    relays = [redis_container.relay(), redis_container.relay()]
    totals = await asyncio.gather(*(r.drain() for r in relays))
    assert sum(totals) == 3000
    assert all(t > 0 for t in totals), "both relays should have taken batches"
    published = _published_ids(redis_db)
    assert set(published) == {str(i) for i in ids}
    assert max(published.values()) == 1
    assert await _unsent(redis_container) == 0


RELAY_SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from infrastructure.container import build_container
    from infrastructure.settings import load_settings
    import os
    container = build_container(load_settings())
    async def main():
        relay = container.relay()
        while True:
            await relay.relay_once(batch=100)
    asyncio.run(main())
    """
)


async def test_a_relay_killed_mid_batch_loses_nothing_and_every_event_takes_effect_once(
    redis_container: Container, redis_db: redis.Redis, pg_database: str, tmp_path: Path
) -> None:
    total = 4000
    ids = await _write_events(redis_container, total)
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": pg_database,
        "PORTAL_BROKER_URL": REDIS_URL,
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
    }
    proc = subprocess.Popen([sys.executable, "-c", RELAY_SCRIPT], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while await _unsent(redis_container) > total - 300 and time.monotonic() < deadline and proc.poll() is None:
            await asyncio.sleep(0.005)
        assert proc.poll() is None, "the relay died by itself"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    left = await _unsent(redis_container)
    assert 0 < left < total, f"the kill should land mid-run ({left} unsent)"
    await redis_container.relay().drain()
    assert await _unsent(redis_container) == 0
    published = _published_ids(redis_db)
    assert set(published) == {str(i) for i in ids}, "a row was lost"
    duplicates = sum(n - 1 for n in published.values())
    assert duplicates <= 100, "at most the batch in flight is published again"
    print(f"\nrelay killed with {left} of {total} unsent; {duplicates} messages published twice")

    effects = await _consume_all(redis_container, tmp_path, pg_database, expected=total)
    assert effects == collections.Counter({str(i): 1 for i in ids}), "each event must take effect exactly once"


async def _consume_all(
    container: Container, tmp_path: Path, pg_database: str, expected: int
) -> collections.Counter[str]:
    """Run the real actors on Redis with a reaction that writes one outbox row per event, until the queue is empty."""

    def reaction(envelope: Envelope, uow: UnitOfWork) -> None:
        uow.outbox.enqueue("test.effect", {"event_id": str(envelope.id)})

    actor_container = build_container(make_settings(tmp_path, database_url=pg_database, broker_url=REDIS_URL))
    actor_container.reactions.override(providers.Object({"test.happened": [reaction]}))
    worker = start_actors(actor_container.settings(), threads=4, container=actor_container)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            async with container.session_factory()() as session:
                done = await session.scalar(select(func.count()).select_from(processed_messages))
            if done >= expected:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.5)  # let duplicates still in the queue arrive and be skipped
        worker.join()
    finally:
        worker.stop()
    async with container.session_factory()() as session:
        rows = (await session.execute(select(outbox.c.payload).where(outbox.c.actor == "test.effect"))).all()
    return collections.Counter(row.payload["event_id"] for row in rows)
