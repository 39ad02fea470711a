"""Benchmark the customer document list over real HTTP, beside two baselines in the same run (PRODUCT §11).

Usage: python bench/document_list.py [--customers 100000] [--documents 1000000] [--requests N] [--quick]
                                     [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each dataset (a 10,000-document one with the same documents per customer first, then the one asked for) it
creates a throw-away PostgreSQL database, migrates it, COPYs customers and documents in, signs a sample of the
customers' emails in (sessions made directly, no mail) and serves three apps with uvicorn on 127.0.0.1, one
process each: the portal (`GET /api/v1/documents`: first pages, keyset next pages, a few filters and searches),
a bare endpoint doing one indexed SELECT through an engine made like the portal's, and Litestar's own JSON
hello-world. Every run sends a fixed number of requests, so the script stops by itself; it prints the figures and
the §11 targets next to them, and never fails on a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import asyncpg
import httpx
import msgspec
import psutil
import uvicorn
from _list_dataset import Dataset, customer_no, load, registration_no
from litestar import Litestar, get
from sqlalchemy import select

from application.commands.identity.sign_in import start_session
from domain.documents.customer import normalise_email
from infrastructure.container import build_container, close_container, migrate_database
from infrastructure.persistence.engine import make_engine, make_session_factory
from infrastructure.persistence.tables.documents import customers
from infrastructure.settings import load_settings
from interfaces.cli.logging_setup import configure_logging
from interfaces.http.app import create_app

SMALL = 10_000
PEOPLE = 1_000
CLIENTS = (8, 32)
HELLO, SELECT, LIST = "hello-world (JSON)", "one indexed SELECT", "document list (JSON)"
FILTERS = ({"type": "invoice"}, {"type": "quote"}, {"status": "open"}, {"status": "overdue"}, {"status": "paid"})
Request = tuple[str, dict[str, str], Callable[[httpx.Response], None] | None]
_procs: list[subprocess.Popen[bytes]] = []
_databases: list[str] = []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the three servers (each runs in its own process: `--serve KIND --port N`) -----------------------------------
def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def serve(kind: str, port: int) -> None:
    configure_logging()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if kind == "hello":

        @get("/", sync_to_thread=False)
        def hello() -> dict[str, str]:
            return {"hello": "world"}

        app = Litestar([hello])
    elif kind == "select":
        engine = make_engine(os.environ["PORTAL_DATABASE_URL"])
        sessions = make_session_factory(engine)

        @get("/select/{number:str}")
        async def one_select(number: str) -> dict[str, str]:
            query = select(customers.c.customer_no, customers.c.name).where(customers.c.customer_no == number)
            async with sessions() as session:
                row = (await session.execute(query)).one()
            return {"customer_no": row.customer_no, "name": row.name}

        app = Litestar([one_select], on_shutdown=[engine.dispose])
    else:
        app = create_app(build_container(load_settings()))
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False, server_header=False)


def start_servers(env: dict[str, str]) -> dict[str, tuple[str, subprocess.Popen[bytes]]]:
    servers = {}
    for kind in ("portal", "select", "hello"):
        port = _free_port()
        command = [sys.executable, __file__, "--serve", kind, "--port", str(port)]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _procs.append(proc)
        servers[kind] = (f"http://127.0.0.1:{port}", proc)
    return servers


def stop_servers() -> None:
    while _procs:
        proc = _procs.pop()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server {url} exited with {proc.returncode}")
            try:
                await client.get(url)
            except httpx.TransportError:
                await asyncio.sleep(0.2)
                continue
            return
    raise RuntimeError(f"server {url} did not start")


# -- load generation ---------------------------------------------------------------------------------------------
class ListMix:
    """The list requests: a random signed-in person each (never one whose request is still in flight: a person
    waits for a page); a quarter continue after their last page (keyset), one in ten filter by type or status or
    search a registration no., an amount or line text."""

    def __init__(self, people: list[tuple[str, int]], data: Dataset, rng: random.Random) -> None:
        self.people, self.data, self.rng = people, data, rng
        self.cursors: dict[str, str] = {}
        self.busy: set[str] = set()

    def __call__(self) -> Request:
        session_id, who = self.rng.choice(self.people)
        while session_id in self.busy and len(self.busy) < len(self.people):
            session_id, who = self.rng.choice(self.people)
        self.busy.add(session_id)
        params: dict[str, Any] = {"limit": 25}
        roll = self.rng.random()
        if roll < 0.25 and session_id in self.cursors:
            params["cursor"] = self.cursors[session_id]
        elif roll > 0.9:
            searches = ({"q": registration_no(who)}, {"q": self.rng.choice(self.data.amounts)}, {"q": "vinterdæk"})
            params.update(self.rng.choice(FILTERS + searches))
        paging = len(params) == 1 or "cursor" in params

        def done(response: httpx.Response) -> None:
            self.busy.discard(session_id)
            if paging and response.status_code == 200:
                cursor = msgspec.json.decode(response.content)["next_cursor"]
                if cursor:
                    self.cursors[session_id] = cursor
                else:
                    self.cursors.pop(session_id, None)

        return f"/api/v1/documents?{urlencode(params)}", {"Cookie": f"portal_session={session_id}"}, done


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000


async def hammer(base: str, make: Callable[[], Request], *, clients: int, requests: int) -> dict[str, float]:
    """`requests` GETs from `clients` concurrent clients (one keep-alive connection each); answers other than 200
    are counted by status.

    Each client has its own httpx client: one pool shared by 32 connections costs the load generator more CPU than
    the hello-world server needs, which would hide the servers' own figures.
    """
    latencies: list[float] = []
    failed: dict[int, int] = {}
    counter = iter(range(requests))

    async def one_client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for _ in counter:
                path, headers, after = make()
                started = time.perf_counter()
                response = await client.get(path, headers=headers)
                latencies.append(time.perf_counter() - started)
                if after is not None:
                    after(response)
                if response.status_code != 200:
                    failed[response.status_code] = failed.get(response.status_code, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    figures = {"rps": requests / elapsed, **{f"p{q}": _percentile(ordered, q / 100) for q in (50, 95, 99)}}
    return figures | {f"HTTP {status}": count for status, count in sorted(failed.items())}


# -- one dataset -------------------------------------------------------------------------------------------------
async def _admin(dsn: str, statement: str) -> None:
    conn = await asyncpg.connect(dsn.replace("postgresql://", "postgres://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def sign_in(env: dict[str, str], data: Dataset, rng: random.Random) -> list[tuple[str, int]]:
    """Sessions for a sample of the customers' emails, made as a sign-in makes them: (session id, customer)."""
    reachable = [i for i in range(1, data.customers + 1) if data.emails[i - 1]]
    chosen = rng.sample(reachable, min(PEOPLE, len(reachable)))
    container = build_container(load_settings(env))
    try:
        uow, now, people = container.uow(), container.clock().now(), []
        async with uow:
            for i in chosen:
                email = normalise_email(data.emails[i - 1] or "")
                signed = await start_session(uow, container.hasher(), email, now, None)
                people.append((signed.session_id, i))
            await uow.commit()
    finally:
        await close_container(container)
    return people


async def check_readable(base: str, people: list[tuple[str, int]]) -> None:
    """The portal reads what was loaded: a list page and the detail of its first document, for a few people."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for session_id, _ in people[:20]:
            headers = {"Cookie": f"portal_session={session_id}"}
            items = (await client.get("/api/v1/documents", headers=headers)).raise_for_status().json()["items"]
            if items:
                (await client.get(f"/api/v1/documents/{items[0]['id']}", headers=headers)).raise_for_status()


async def run_dataset(args: argparse.Namespace, customer_count: int, document_count: int) -> dict[str, Any]:
    name = f"portal_bench_{uuid.uuid4().hex[:10]}"
    url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
    await _admin(args.postgres, f'CREATE DATABASE "{name}"')
    _databases.append(name)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as var:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        env |= {"PORTAL_DATABASE_URL": url, "PORTAL_VAR_DIR": var}
        await asyncio.to_thread(migrate_database, load_settings(env))
        started = time.perf_counter()
        data = await load(url, customer_count, document_count)
        took = time.perf_counter() - started
        rng = random.Random(2)
        people = await sign_in(env, data, rng)
        print(f"\ndataset: {customer_count:,} customers, {document_count:,} documents; ", end="")
        print(f"{len(people):,} people signed in (generated, COPY'd and VACUUM ANALYZEd in {took:.1f} s)")
        print(f"  load average before the requests (other processes share the cores): {os.getloadavg()[0]:.2f}")
        servers = start_servers(env)
        try:
            for kind, (base, proc) in servers.items():
                await wait_ready(base + ("/health/live" if kind == "portal" else "/select/C-0000001"), proc)
            await check_readable(servers["portal"][0], people)
            targets: dict[str, tuple[str, Callable[[], Request]]] = {
                HELLO: (servers["hello"][0], lambda: ("/", {}, None)),
                SELECT: (
                    servers["select"][0],
                    lambda: (f"/select/{customer_no(rng.randrange(1, customer_count + 1))}", {}, None),
                ),
                LIST: (servers["portal"][0], ListMix(people, data, rng)),
            }
            print(f"  {'endpoint':22} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} ", end="")
            print(f"{'p99 ms':>7} {'vs SELECT':>9}")
            results: dict[tuple[str, int], dict[str, float]] = {}
            for clients in CLIENTS:
                for label, (base, make) in targets.items():
                    await hammer(base, make, clients=clients, requests=min(200, args.requests))
                    results[label, clients] = await hammer(base, make, clients=clients, requests=args.requests)
                for label in targets:
                    r, one = results[label, clients], results[SELECT, clients]["rps"]
                    print(f"  {label:22} {clients:7} {args.requests:8} {r['rps']:7.0f} {r['p50']:7.1f} ", end="")
                    failures = ", ".join(f"{n:.0f} x {k}" for k, n in r.items() if k.startswith("HTTP"))
                    print(f"{r['p95']:7.1f} {r['p99']:7.1f} {r['rps'] / one:9.0%}  {failures}".rstrip())
            rss = psutil.Process(servers["portal"][1].pid).memory_info().rss / 2**20
            print(f"  portal server RSS after the run: {rss:.0f} MB")
        finally:
            stop_servers()
    await _admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _databases.remove(name)
    return {"documents": document_count, "results": results, "rss": rss}


# -- the run -----------------------------------------------------------------------------------------------------
async def machine(postgres: str) -> None:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        lines = cpuinfo.read_text().splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), model)
    conn = await asyncpg.connect(postgres.replace("postgresql://", "postgres://", 1))
    try:
        server = await conn.fetchval("SELECT version()")
    finally:
        await conn.close()
    print(f"machine: {os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}")
    print(f"python {platform.python_version()} ({sys.implementation.name}); {server}")


def summary(runs: list[dict[str, Any]]) -> None:
    big, small = runs[-1], runs[0]
    list32, one32 = big["results"][LIST, 32], big["results"][SELECT, 32]
    p99 = big["results"][LIST, 8]["p99"]
    print(f"\nPRODUCT §11 targets (dataset of {big['documents']:,} documents):")
    print(f"  list / one-SELECT throughput at 32 clients: {list32['rps'] / one32['rps']:.0%} (target >= 50 %)")
    print(f"  list p99 at 8 clients: {p99:.1f} ms (target <= 25 ms)")
    if len(runs) > 1:
        for clients in CLIENTS:
            a, b = big["results"][LIST, clients]["p99"], small["results"][LIST, clients]["p99"]
            sizes = f"{big['documents']:,} vs {small['documents']:,} documents"
            print(f"  list p99 at {clients} clients, {sizes}: {a:.1f} / {b:.1f} ms = {a / b:.2f}x (target <= 1.2x)")
    print(f"  portal server RSS: {big['rss']:.0f} MB (target < 200 MB)")


async def bench(args: argparse.Namespace) -> list[dict[str, Any]]:
    await machine(args.postgres)
    sizes = [(args.customers, args.documents)]
    if args.documents > SMALL:  # the same documents per customer, for the p99-at-10k comparison
        sizes.insert(0, (max(1, args.customers * SMALL // args.documents), SMALL))
    return [await run_dataset(args, customer_count, document_count) for customer_count, document_count in sizes]


async def _drop_leftovers(postgres: str) -> None:
    for name in _databases:
        await _admin(postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test", help="an existing database")
    parser.add_argument("--customers", type=int)
    parser.add_argument("--documents", type=int)
    parser.add_argument("--requests", type=int, help="timed requests per endpoint and client count")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2,000 customers, 20,000 documents")
    parser.add_argument("--serve", choices=("portal", "select", "hello"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0
    if urlsplit(args.postgres).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--postgres: this benchmark only talks to 127.0.0.1")
    args.customers = args.customers or (2_000 if args.quick else 100_000)
    args.documents = args.documents or (20_000 if args.quick else 1_000_000)
    args.requests = args.requests or (500 if args.quick else 2_000)

    configure_logging(quiet=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the clean-up below runs
    try:
        runs = asyncio.run(bench(args))
    finally:
        stop_servers()
        asyncio.run(_drop_leftovers(args.postgres))
    summary(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
