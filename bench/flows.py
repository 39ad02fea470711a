"""Benchmark the outbox relay and flows end to end, in events per second (PRODUCT §8, §11: relay ≥ 1,000 events/s).

Usage: python bench/flows.py [--events N] [--flow-events N] [--workers N] [--postgres URL] [--redis URL]

1. Relay: N portal events with their outbox rows are bulk-loaded; one `OutboxRelay` drains them into Redis.
2. Flows: M events are loaded with a stored flow on `*` whose action is a signed webhook to a local receiver; real
   `portal worker` processes (`--workers`, 4 threads each) relay the events, match the flow, schedule a run per
   event and deliver it. The clock stops when every run is done.
Creates and drops its own PostgreSQL database; uses (and empties) the given Redis database. Stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import signal
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import asyncpg
import redis
from _machine import machine_line
from sqlalchemy import func, select

from application import jobs
from application.commands.automation.apply_flows import ApplyFlows
from infrastructure.container import build_container, close_container
from infrastructure.jobs.message_ids import new_message_id
from infrastructure.persistence.migrations import upgrade
from infrastructure.persistence.tables.automation import flow_runs
from infrastructure.settings import load_settings
from interfaces.cli.logging_setup import configure_logging

ROOT = Path(__file__).resolve().parents[1]
PORTAL = str(Path(sys.executable).with_name("portal"))


def _pg(url: str) -> str:
    return url.replace("postgresql://", "postgres://", 1)


async def load_events(url: str, count: int) -> None:
    """COPY `count` events (a `login_link.sent` for one customer) and their `portal.event` outbox rows."""
    now = dt.datetime.now(dt.UTC)
    conn = await asyncpg.connect(_pg(url))
    try:
        event_rows, outbox_rows = [], []
        for _ in range(count):
            event_id = new_message_id()
            envelope = (
                f'{{"id": "{event_id}", "type": "login_link.sent", "schema_version": 1, '
                f'"occurred_at": "{now.isoformat()}", "party": "C-1", "document": null, "data": {{}}}}'
            )
            event_rows.append((event_id, "login_link.sent", now, envelope))
            outbox_rows.append((event_id, jobs.PORTAL_EVENT, f'{{"event_id": "{event_id}"}}', now))
        await conn.copy_records_to_table(
            "events", records=event_rows, columns=["id", "type", "occurred_at", "envelope"]
        )
        await conn.copy_records_to_table(
            "outbox", records=outbox_rows, columns=["message_id", "actor", "payload", "created_at"]
        )
    finally:
        await conn.close()


async def bench_relay(settings: Any, url: str, count: int) -> float:
    await load_events(url, count)
    container = build_container(settings)
    try:
        relay = container.relay()
        started = time.perf_counter()
        published = await relay.drain()
        elapsed = time.perf_counter() - started
    finally:
        await close_container(container)
    if published != count:
        raise RuntimeError(f"relay published {published} of {count}")
    return count / elapsed


class _Receiver(BaseHTTPRequestHandler):
    received = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        with _Receiver.lock:
            _Receiver.received += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        return


async def bench_flows(settings: Any, url: str, redis_url: str, count: int, tmp: Path, processes: int) -> float:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    container = build_container(settings)
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_BROKER_URL": redis_url, "PORTAL_VAR_DIR": str(tmp)}
    env.pop("PORTAL_ENV", None)
    try:
        flow = (
            f'[[flow]]\nname = "bench"\non = "*"\n[[flow.action]]\ntype = "webhook"\n'
            f'url = "http://127.0.0.1:{server.server_address[1]}/hook"\nsecret = "bench"\n'
        )
        await container.bus().handle(ApplyFlows(source=flow))
        await load_events(url, count)
        log = (tmp / "worker.log").open("wb")
        started = time.perf_counter()
        command = [PORTAL, "worker", "--threads", "4"]
        workers = [subprocess.Popen(command, env=env, stdout=log, stderr=log) for _ in range(processes)]
        try:
            deadline = time.monotonic() + 600
            done = 0
            while done < count and time.monotonic() < deadline and all(w.poll() is None for w in workers):
                await asyncio.sleep(0.25)
                async with container.session_factory()() as session:
                    query = select(func.count()).select_from(flow_runs).where(flow_runs.c.status == "done")
                    done = int(await session.scalar(query) or 0)
            elapsed = time.perf_counter() - started
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(30)
        if done < count:
            print(f"flows: only {done} of {count} runs done; see {tmp / 'worker.log'}")
        print(f"flows: {_Receiver.received} webhook deliveries received for {done} runs")
        return done / elapsed
    finally:
        server.shutdown()
        await close_container(container)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000, help="events for the relay run (default 20000)")
    parser.add_argument("--flow-events", type=int, default=3_000, help="events for the flow run (default 3000)")
    parser.add_argument(
        "--postgres", default=os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--workers", type=int, default=1, help="`portal worker` processes for the flow run")
    args = parser.parse_args()
    configure_logging(verbose=False)

    print(machine_line())
    print(f"python {platform.python_version()}; dataset: {args.events} events (relay), {args.flow_events} (flows)")
    name = f"portal_bench_flows_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_pg(args.postgres))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
    tmp = ROOT / "var" / "bench-flows"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        await asyncio.to_thread(upgrade, url)
        settings = load_settings(
            {"PORTAL_DATABASE_URL": url, "PORTAL_BROKER_URL": args.redis, "PORTAL_VAR_DIR": str(tmp)}
        )
        redis.Redis.from_url(args.redis).flushdb()
        relay_rate = await bench_relay(settings, url, args.events)
        print(f"relay: {relay_rate:,.0f} events/s (target ≥ 1,000)")
        redis.Redis.from_url(args.redis).flushdb()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
        await asyncio.to_thread(upgrade, url)
        flow_rate = await bench_flows(settings, url, args.redis, args.flow_events, tmp, args.workers)
        print(
            f"flows: {flow_rate:,.0f} events/s end to end with {args.workers} worker process(es) of 4 threads, "
            "worker start-up included (event → flow run → signed webhook delivered → run done)"
        )
    finally:
        redis.Redis.from_url(args.redis).flushdb()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
