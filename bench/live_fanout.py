"""Live payment status fan-out: the portal's StatusHub + LISTEN/NOTIFY listener vs Litestar's Channels plugin with
its AsyncPgChannelsBackend (issue 15; ADR-0019, ADR-0021, ADR-0039).

Two "processes" in one: a publisher (the worker or web process whose command changed a payment) and a server with
N live streams, each following its own payment, as the SSE endpoint does. Both sides of each variant use their own
connections to a PostgreSQL database this script creates and drops. For each round every payment gets one new
status; the script times from the publisher's call to the moment the stream's subscriber holds the status (what
the SSE endpoint then writes is the same code for both), and counts the connections each side holds in
`pg_stat_activity`. Prints the dataset, the machine and the figures. Stops by itself.

    .venv/bin/python bench/live_fanout.py [--streams 50] [--rounds 20] [--postgres postgresql://postgres@127.0.0.1/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend

from infrastructure.live.postgres_broadcaster import PostgresStatusBroadcaster
from infrastructure.live.status_hub import StatusHub
from infrastructure.persistence.engine import make_engine, make_session_factory

Publish = Callable[[uuid.UUID, str], Awaitable[None]]


class Figures:
    def __init__(self, together: bool) -> None:
        self.together = together
        self.latencies_ms: list[float] = []
        self.publish_ms: list[float] = []
        self.peak_connections = {"server": 0, "publisher": 0}


async def _connections(admin: asyncpg.Connection, database: str) -> dict[str, int]:
    rows = await admin.fetch(
        "SELECT application_name, count(*) AS n FROM pg_stat_activity WHERE datname = $1 GROUP BY 1", database
    )
    counts = {"server": 0, "publisher": 0}
    for row in rows:  # the server side names its connections; everything else in the database is the publisher's
        counts["server" if row["application_name"] == "server" else "publisher"] += row["n"]
    return counts


async def _run_rounds(
    figures: Figures,
    admin: asyncpg.Connection,
    database: str,
    payments: list[uuid.UUID],
    rounds: int,
    publish: Publish,
    received: dict[uuid.UUID, asyncio.Queue[tuple[str, float]]],
) -> None:
    for number in range(rounds):
        status = f"s{number}"
        sent: dict[uuid.UUID, float] = {}

        async def one(payment: uuid.UUID, status: str = status, sent: dict[uuid.UUID, float] = sent) -> None:
            sent[payment] = time.perf_counter()
            await publish(payment, status)
            figures.publish_ms.append((time.perf_counter() - sent[payment]) * 1000)

        sampler = asyncio.create_task(_sample(figures, admin, database))
        if figures.together:  # a burst: every payment settled at once, as a batch of webhooks would
            await asyncio.gather(*(one(payment) for payment in payments))
        else:  # one status change at a time: the latency of the path itself
            for payment in payments:
                await one(payment)
        for payment in payments:
            got, at = await asyncio.wait_for(received[payment].get(), timeout=10)
            if got != status:
                raise RuntimeError(f"stream of {payment} got {got!r}, expected {status!r}")
            figures.latencies_ms.append((at - sent[payment]) * 1000)
        sampler.cancel()
        await asyncio.sleep(0.05)


async def _sample(figures: Figures, admin: asyncpg.Connection, database: str) -> None:
    while True:
        counts = await _connections(admin, database)
        for side, count in counts.items():
            figures.peak_connections[side] = max(figures.peak_connections[side], count)
        await asyncio.sleep(0.002)


async def hub_variant(
    url: str, admin: asyncpg.Connection, database: str, streams: int, rounds: int, *, together: bool
) -> Figures:
    """Today's code: the server's listener feeds its StatusHub; the publisher NOTIFYs through its pool."""
    figures = Figures(together)
    server_engine = make_engine(url)  # opens no connection here: the streams read nothing in this benchmark
    publisher_engine = make_engine(url)
    server_hub, publisher_hub = StatusHub(), StatusHub()
    listener_dsn = f"{url}?application_name=server"  # asyncpg passes it on as a server setting
    server = PostgresStatusBroadcaster(listener_dsn, server_hub, make_session_factory(server_engine))
    publisher = PostgresStatusBroadcaster(url, publisher_hub, make_session_factory(publisher_engine))
    stop = asyncio.Event()
    listening = asyncio.create_task(server.listen(stop))
    payments = [uuid.uuid4() for _ in range(streams)]
    received = {payment: asyncio.Queue[tuple[str, float]]() for payment in payments}

    async def stream(payment: uuid.UUID, ready: asyncio.Event) -> None:
        async with server_hub.subscribe(payment) as queue:
            ready.set()
            while True:
                status = await queue.get()
                received[payment].put_nowait((status, time.perf_counter()))

    readies = [asyncio.Event() for _ in payments]
    tasks = [asyncio.create_task(stream(p, r)) for p, r in zip(payments, readies, strict=True)]
    await asyncio.gather(*(ready.wait() for ready in readies))
    await _until_listening(admin, database)
    await publisher.publish(uuid.uuid4(), "warm-up")  # the pool's first connection, as in a running process
    await _run_rounds(figures, admin, database, payments, rounds, publisher.publish, received)
    for task in tasks:
        task.cancel()
    stop.set()
    await listening
    await server_engine.dispose()
    await publisher_engine.dispose()
    return figures


async def channels_variant(
    dsn: str, admin: asyncpg.Connection, database: str, streams: int, rounds: int, *, together: bool
) -> Figures:
    """Litestar's Channels plugin, AsyncPgChannelsBackend, one channel per payment on each side."""
    figures = Figures(together)

    def backend(name: str) -> AsyncPgChannelsBackend:
        return AsyncPgChannelsBackend(
            make_connection=lambda: asyncpg.connect(dsn, server_settings={"application_name": name})
        )

    server = ChannelsPlugin(backend=backend("server"), arbitrary_channels_allowed=True)
    publisher = ChannelsPlugin(backend=backend("publisher"), arbitrary_channels_allowed=True)
    payments = [uuid.uuid4() for _ in range(streams)]
    received = {payment: asyncio.Queue[tuple[str, float]]() for payment in payments}
    async with server, publisher:
        subscribers = [await server.subscribe(f"payment:{payment}") for payment in payments]

        async def stream(payment: uuid.UUID, index: int) -> None:
            async for data in subscribers[index].iter_events():
                received[payment].put_nowait((data.decode(), time.perf_counter()))

        tasks = [asyncio.create_task(stream(p, i)) for i, p in enumerate(payments)]
        await _until_listening(admin, database)

        async def publish(payment: uuid.UUID, status: str) -> None:
            await publisher.wait_published(status, f"payment:{payment}")

        await publish(uuid.uuid4(), "warm-up")
        await _run_rounds(figures, admin, database, payments, rounds, publish, received)
        for task in tasks:
            task.cancel()
        for subscriber in subscribers:
            await server.unsubscribe(subscriber)
    return figures


async def _until_listening(admin: asyncpg.Connection, database: str) -> None:
    for _ in range(200):
        if (await _connections(admin, database))["server"] >= 1:
            await asyncio.sleep(0.2)
            return
        await asyncio.sleep(0.05)
    raise RuntimeError("the server side never connected")


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=100)
    return f"p50 {cut[49]:6.2f}  p95 {cut[94]:6.2f}  p99 {cut[98]:6.2f}  max {ordered[-1]:6.2f}"


def _report(name: str, figures: Figures) -> None:
    print(f"{name}")
    print(f"  publish → stream (ms): {_percentiles(figures.latencies_ms)}  (n={len(figures.latencies_ms)})")
    print(f"  publish call (ms):     {_percentiles(figures.publish_ms)}")
    peaks = figures.peak_connections
    print(f"  connections, peak:     server {peaks['server']}, publisher {peaks['publisher']}")


async def main(streams: int, rounds: int, postgres: str) -> None:
    admin = await asyncpg.connect(postgres)
    database = f"bench_live_{os.getpid()}"
    await admin.execute(f'CREATE DATABASE "{database}"')
    base = postgres.rsplit("/", 1)[0] + f"/{database}"
    try:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"PostgreSQL {admin.get_server_version().major}; {streams} streams, one payment each; {rounds} rounds")
        engine_url = base.replace("postgresql://", "postgresql+asyncpg://", 1)
        for together, how in ((False, "one change at a time"), (True, f"bursts of {streams} changes at once")):
            print(f"-- {how}")
            hub = await hub_variant(engine_url, admin, database, streams, rounds, together=together)
            _report("StatusHub + PostgresStatusBroadcaster (today)", hub)
            channels = await channels_variant(base, admin, database, streams, rounds, together=together)
            _report("Litestar ChannelsPlugin + AsyncPgChannelsBackend", channels)
    finally:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
        await admin.execute(f'DROP DATABASE "{database}"')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    asyncio.run(main(args.streams, args.rounds, args.postgres))
