"""Redis cut in the middle (PRODUCT §9, §10): requests still succeed, readiness reports the broker without failing,
the relay logs the outage once and delivers every job after it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis
from structlog.testing import capture_logs

from application import jobs
from infrastructure.container import Container, build_container, close_container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import upsert_customer
from tests.conftest import REDIS_URL, make_settings, truncate_all
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"


@pytest.fixture
async def proxied_broker(pg_database: str, tmp_path: Path) -> AsyncIterator[tuple[TcpProxy, Container, redis.Redis]]:
    await truncate_all(pg_database)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    proxy = TcpProxy.in_front_of(REDIS_URL)
    settings = make_settings(tmp_path, database_url=pg_database, broker_url=proxy.url_for(REDIS_URL))
    container = build_container(settings)
    await container.bus().handle(upsert_customer(customer_no="C-1001", email=MAIL))
    try:
        yield proxy, container, client
    finally:
        proxy.restore()
        await close_container(container)
        proxy.stop()


def _queued_actors(client: redis.Redis) -> list[str]:
    return [json.loads(raw)["actor_name"] for raw in client.hvals(f"dramatiq:{jobs.QUEUE}.msgs")]


async def test_a_broker_outage_fails_no_request_and_the_relay_catches_up(
    proxied_broker: tuple[TcpProxy, Container, redis.Redis],
) -> None:
    proxy, container, client = proxied_broker
    stop = asyncio.Event()
    with capture_logs() as logs:
        relay = asyncio.create_task(container.relay().run(stop, idle_seconds=0.05))
        try:
            async with asgi_client(create_app(container)) as http:
                with proxy.outage():
                    login = await http.post("/api/v1/auth/login", json={"email": MAIL})
                    ready = await http.get("/health/ready")
                    for _ in range(200):  # the relay meets the cut broker and says so
                        if any(entry["event"] == "relay.down" for entry in logs):
                            break
                        await asyncio.sleep(0.05)
                for _ in range(400):  # after the cut the relay delivers what waited in the outbox
                    if jobs.SEND_LOGIN_EMAIL in _queued_actors(client):
                        break
                    await asyncio.sleep(0.05)
        finally:
            stop.set()
            await relay
    assert login.status_code == 202
    assert ready.status_code == 200
    assert ready.json()["broker"] == "down"
    assert ready.json()["database"] == "up"
    assert _queued_actors(client).count(jobs.SEND_LOGIN_EMAIL) == 1
    events = [entry["event"] for entry in logs if entry["event"].startswith("relay.")]
    assert events.count("relay.down") == 1
    assert events.count("relay.back") == 1
    assert all("exc_info" not in entry for entry in logs if entry["event"].startswith("relay."))
