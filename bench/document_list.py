"""Benchmark the customer document list over real HTTP, beside two baselines in the same run (PRODUCT §11).

Usage: python bench/document_list.py [--customers 100000] [--documents 1000000] [--seconds 10] [--workers N]
                                     [--quick] [--profile N] [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each dataset (a 10,000-document one with the same documents per customer first, then the one asked for) it
creates a throw-away PostgreSQL database, migrates it, COPYs customers and documents in, signs a sample of the
customers' emails in (sessions made directly, no mail) and serves three apps on 127.0.0.1, each with `--workers`
processes (one per core but one by default) pinned to the cores wrk does not use: the portal as `portal serve`
runs it (production mode: `GET /api/v1/documents`: first pages, keyset next pages, a few filters and searches;
`GET /api/v1/documents/{id}`, which records a view; a stored PDF's download, which records one too; the sign-in
request `POST /api/v1/auth/login` for known and unknown addresses, from many client addresses behind a trusted
proxy), a bare endpoint doing one indexed SELECT through an engine made
like the portal's, and Litestar's own JSON hello-world, both under the same server. The load comes from wrk
(`bench/_wrk.py`) on a core of its own, for a fixed time per row; the script prints the figures and the §11
targets with ✔/✗, and never fails on a timing. Beside each row, the CPU the server's processes and the database's
server processes spent per request (µs): what a request costs, which other load on the cores does not inflate the
way it inflates rates. `--profile N` instead prints where N list requests spend their
time (pyinstrument, the app in this process).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import asyncpg
import httpx
import psutil
import uvicorn
from _list_dataset import Dataset, customer_no, load, registration_no
from _machine import machine_line
from _wrk import run_wrk, server_cores, wrk_available
from pyinstrument import Profiler
from uvicorn.supervisors import Multiprocess

from application.commands.identity.sign_in import start_session
from domain.documents.customer import normalise_email
from infrastructure.container import build_container, close_container, migrate_database
from infrastructure.settings import load_settings
from interfaces.cli.logging_setup import configure_logging
from interfaces.http.app import create_app

SMALL = 10_000
PEOPLE = 1_000
CLIENTS = (8, 32)
HELLO, SELECT, LIST, DETAIL = "hello-world (JSON)", "one indexed SELECT", "document list (JSON)", "document detail"
PDF = "stored PDF download"
SIGNIN = "sign-in request"
SERVER_OF = {HELLO: "hello", SELECT: "select"}  # the rest are the portal's
PDFS = 1_000  # documents given a stored PDF (the same bytes for each: one rendered by the portal)
CLI = "from interfaces.cli.main import main; main()"
FILTERS = ({"type": "invoice"}, {"type": "quote"}, {"status": "open"}, {"status": "overdue"}, {"status": "paid"})
_procs: list[subprocess.Popen[bytes]] = []
_databases: list[str] = []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the three servers ------------------------------------------------------------------------------------------
def serve(kind: str, port: int, workers: int, *, plain: bool = False) -> None:
    """A baseline under uvicorn as `portal serve` runs the portal: uvloop, httptools, `workers` processes (or, with
    `plain`, uvicorn's pure-Python defaults: asyncio and h11, for ADR-0025's comparison)."""
    configure_logging(quiet=True)
    factory = {"hello": "_baselines:hello_app", "select": "_baselines:select_app"}[kind]
    config = uvicorn.Config(
        factory,
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        loop="asyncio" if plain else "uvloop",
        http="h11" if plain else "httptools",
        log_config=None,
        access_log=False,
        server_header=False,
    )
    if workers == 1:
        uvicorn.Server(config).run()
    else:
        Multiprocess(config, sockets=[config.bind_socket()]).run()


def portal_env(database_url: str, var_dir: str) -> dict[str, str]:
    """`portal serve` in production mode (so `--workers` applies); nothing here sends mail, jobs or payments."""
    base = "https://portal.bench.invalid"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return env | {
        "PORTAL_ENV": "production",
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_BROKER_URL": "redis://127.0.0.1:6379/14",
        "PORTAL_BASE_URL": base,
        "PORTAL_SECRET_KEYS": f"bench:{secrets.token_urlsafe(48)}",
        "PORTAL_SMTP_HOST": "127.0.0.1",
        "PORTAL_MAIL_FROM": "portal@bench.invalid",
        "PORTAL_SOURCE_URL": f"{base}/source",
        "PORTAL_MOBILEPAY_BASE_URL": "http://127.0.0.1:9",
        "PORTAL_MOBILEPAY_CLIENT_ID": "bench",
        "PORTAL_MOBILEPAY_CLIENT_SECRET": "bench",
        "PORTAL_MOBILEPAY_SUBSCRIPTION_KEY": "bench",
        "PORTAL_MOBILEPAY_MSN": "123456",
        "PORTAL_MOBILEPAY_WEBHOOK_SECRET": "bench-webhook-secret",
        "PORTAL_VAR_DIR": var_dir,
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",  # wrk is the proxy: the sign-in row's clients come in X-Forwarded-For
    }


def start_servers(
    env: dict[str, str], workers: int, *, plain: bool = False
) -> dict[str, tuple[str, subprocess.Popen[bytes]]]:
    """The portal (`portal serve --workers N`) and the baselines, pinned to the servers' cores."""
    servers = {}
    pin = ["taskset", "-c", server_cores()]
    for kind in ("portal", "select", "hello"):
        port = _free_port()
        if kind == "portal":
            command = [*pin, sys.executable, "-c", CLI, "serve", "--port", str(port), "--workers", str(workers)]
        else:
            command = [*pin, sys.executable, __file__, "--serve", kind, "--port", str(port), "--workers", str(workers)]
            command += ["--plain-server"] if plain else []
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


# -- the requests ------------------------------------------------------------------------------------------------
class People:
    """The signed-in people and what their first page showed: the next page's cursor, the documents' ids."""

    def __init__(self, people: list[tuple[str, int]]) -> None:
        self.people = people
        self.cursors: dict[str, str] = {}
        self.documents: dict[str, list[str]] = {}

    async def look(self, client: httpx.AsyncClient) -> None:
        for session_id, _ in self.people:
            page = (await client.get("/api/v1/documents", headers=_cookie(session_id))).raise_for_status().json()
            if page["next_cursor"]:
                self.cursors[session_id] = page["next_cursor"]
            self.documents[session_id] = [item["id"] for item in page["items"]]


def _cookie(session_id: str) -> dict[str, str]:
    return {"Cookie": f"portal_session={session_id}"}


def list_lines(people: People, data: Dataset, rng: random.Random, count: int = 20_000) -> list[str]:
    """The list mix: a random signed-in person each; a quarter continue after their first page (keyset) where
    there is one, one in ten filter by type or status or search a registration no., an amount or line text."""
    lines = []
    for _ in range(count):
        session_id, who = rng.choice(people.people)
        params: dict[str, Any] = {"limit": 25}
        roll = rng.random()
        if roll < 0.25 and session_id in people.cursors:
            params["cursor"] = people.cursors[session_id]
        elif roll > 0.9:
            searches = ({"q": registration_no(who)}, {"q": rng.choice(data.amounts)}, {"q": "vinterdæk"})
            params.update(rng.choice(FILTERS + searches))
        lines.append(f"/api/v1/documents?{urlencode(params)}\tportal_session={session_id}")
    return lines


def detail_lines(people: People, rng: random.Random, count: int = 20_000) -> list[str]:
    """One document's detail each (each records a `document.viewed` event: a write per request)."""
    seen = [(s, ids) for s, ids in people.documents.items() if ids]
    lines = []
    for _ in range(count):
        session_id, ids = rng.choice(seen)
        lines.append(f"/api/v1/documents/{rng.choice(ids)}\tportal_session={session_id}")
    return lines


def signin_lines(data: Dataset, rng: random.Random, count: int = 20_000) -> list[str]:
    """`POST /api/v1/auth/login`, every other one for a customer's address (while there are), the rest for unknown
    ones, each address once, from client addresses spread over 100,000 (a proxy in front, as in production), so the
    default rate limits never refuse one."""
    known = list(dict.fromkeys(email for email in data.emails if email))  # two records may share one
    lines = []
    for i in range(count):
        email = known[i // 2] if i % 2 and i // 2 < len(known) else f"unknown-{i}@ukendt-kunde.dk"
        client = f"10.{rng.randrange(2)}.{rng.randrange(200)}.{rng.randrange(1, 250)}"
        lines.append(f"/api/v1/auth/login\t\t{json.dumps({'email': email})}\t{client}")
    return lines


def pdf_lines(stored: list[tuple[str, str]], rng: random.Random, count: int = 20_000) -> list[str]:
    """One stored PDF each (each records a `document.pdf_downloaded` event: a write per request)."""
    return [
        f"/api/v1/documents/{doc}/pdf\tportal_session={session_id}" for session_id, doc in rng.choices(stored, k=count)
    ]


async def store_pdfs(url: str, base: str, people: People) -> list[tuple[str, str]]:
    """Give the first document of up to PDFS people a stored PDF: the portal renders the first one (on demand, as for
    a download before the worker rendered it), the others get the same bytes, written straight into the table."""
    chosen = [(session_id, ids[0]) for session_id, ids in people.documents.items() if ids][:PDFS]
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        rendered = await client.get(f"/api/v1/documents/{chosen[0][1]}/pdf", headers=_cookie(chosen[0][0]))
        content = rendered.raise_for_status().content
    etag = hashlib.sha256(content).hexdigest()
    conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
    try:
        ids = [uuid.UUID(doc) for _, doc in chosen]
        versions = await conn.fetch("SELECT id, version FROM documents WHERE id = ANY($1::uuid[])", ids)
        now = dt.datetime.now(dt.UTC)
        await conn.executemany(
            "INSERT INTO document_pdfs (document_id, version, etag, size, content, rendered_at)"
            " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            [(row["id"], row["version"], etag, len(content), content, now) for row in versions],
        )
    finally:
        await conn.close()
    return chosen


def warm_up(base: str, lines: list[str], *, clients: int, seconds: float) -> None:
    """Unmeasured requests first (pools, caches), so a row's figures and its CPU per request are the steady state."""
    run_wrk(base, lines, connections=clients, seconds=min(2.0, seconds))


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
    """The portal reads what was loaded (a list page and the detail of its first document, for a few people) and
    accepts a sign-in request the way the sign-in row sends it."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for session_id, _ in people[:20]:
            headers = {"Cookie": f"portal_session={session_id}"}
            items = (await client.get("/api/v1/documents", headers=headers)).raise_for_status().json()["items"]
            if items:
                (await client.get(f"/api/v1/documents/{items[0]['id']}", headers=headers)).raise_for_status()
        signin = await client.post(
            "/api/v1/auth/login", json={"email": "check@ukendt-kunde.dk"}, headers={"X-Forwarded-For": "10.9.9.9"}
        )
        if signin.status_code != 202:
            raise SystemExit(f"the sign-in request answers {signin.status_code}: {signin.text[:300]}")


@asynccontextmanager
async def loaded(args: argparse.Namespace, customer_count: int, document_count: int) -> AsyncIterator[Loaded]:
    """A throw-away database, migrated and loaded, with people signed in; dropped afterwards."""
    name = f"portal_bench_{uuid.uuid4().hex[:10]}"
    url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
    await _admin(args.postgres, f'CREATE DATABASE "{name}"')
    _databases.append(name)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as var:
        env = portal_env(url, var)
        await asyncio.to_thread(migrate_database, load_settings(env))
        started = time.perf_counter()
        data = await load(url, customer_count, document_count)
        took = time.perf_counter() - started
        rng = random.Random(2)
        people = People(await sign_in(env, data, rng))
        yield Loaded(env=env, data=data, people=people, rng=rng, seconds=took)
    await _admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _databases.remove(name)


@dataclass
class Loaded:
    env: dict[str, str]
    data: Dataset
    people: People
    rng: random.Random
    seconds: float


async def run_dataset(args: argparse.Namespace, customer_count: int, document_count: int) -> dict[str, Any]:
    async with loaded(args, customer_count, document_count) as ready:
        env, data, people, rng, took = ready.env, ready.data, ready.people, ready.rng, ready.seconds
        database = env["PORTAL_DATABASE_URL"].rsplit("/", 1)[1]
        print(f"\ndataset: {customer_count:,} customers, {document_count:,} documents; ", end="")
        print(f"{len(people.people):,} people signed in (generated, COPY'd and VACUUM ANALYZEd in {took:.1f} s)")
        print(f"  load average before the requests (other processes share the cores): {os.getloadavg()[0]:.2f}")
        servers = start_servers(env, args.workers, plain=args.plain_server)
        try:
            for kind, (base, proc) in servers.items():
                await wait_ready(base + ("/health/live" if kind == "portal" else "/select/C-0000001"), proc)
            portal = servers["portal"][0]
            await check_readable(portal, people.people)
            async with httpx.AsyncClient(base_url=portal, timeout=30) as client:
                await people.look(client)
            stored = await store_pdfs(env["PORTAL_DATABASE_URL"], portal, people)
            selects = [f"/select/{customer_no(rng.randrange(1, customer_count + 1))}" for _ in range(20_000)]
            targets = {
                HELLO: (servers["hello"][0], ["/"]),
                SELECT: (servers["select"][0], selects),
                LIST: (portal, list_lines(people, data, rng)),
                DETAIL: (portal, detail_lines(people, rng)),
                PDF: (portal, pdf_lines(stored, rng)),
                SIGNIN: (portal, signin_lines(data, rng)),
            }
            print(f"  {'endpoint':22} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} ", end="")
            print(f"{'p99 ms':>7} {'vs SELECT':>9} {'CPU us/req':>10} {'DB us/req':>9}")
            results: dict[tuple[str, int], dict[str, float]] = {}
            for clients in CLIENTS:
                for label, (base, lines) in targets.items():
                    server = servers[SERVER_OF.get(label, "portal")][1].pid
                    warm_up(base, lines, clients=clients, seconds=args.seconds)
                    before, db_before = _cpu_seconds(server), await _database_cpu(args.postgres, database)
                    r = run_wrk(base, lines, connections=clients, seconds=args.seconds)
                    results[label, clients] = r
                    db_spent = _database_spent(db_before, await _database_cpu(args.postgres, database))
                    r["cpu_us"] = (_cpu_seconds(server) - before) / max(1, r["requests"]) * 1e6
                    r["db_us"] = db_spent / max(1, r["requests"]) * 1e6 if db_spent is not None else float("nan")
                for label in targets:
                    r, one = results[label, clients], results[SELECT, clients]["rps"]
                    print(f"  {label:22} {clients:7} {r['requests']:8.0f} {r['rps']:7.0f} {r['p50']:7.1f} ", end="")
                    failures = ", ".join(f"{r[k]:.0f} {k}" for k in ("non_2xx", "socket_errors") if r[k])
                    db = "n/a" if math.isnan(r["db_us"]) else f"{r['db_us']:.0f}"
                    cost = f"{r['cpu_us']:10.0f} {db:>9}"
                    print(f"{r['p95']:7.1f} {r['p99']:7.1f} {r['rps'] / one:9.0%} {cost}  {failures}".rstrip())
            rss = sum(_rss(servers["portal"][1].pid)) / 2**20
            print(f"  portal server RSS after the run: {rss:.0f} MB ({args.workers} worker process(es) and supervisor)")
        finally:
            stop_servers()
    return {"documents": document_count, "results": results, "rss": rss}


def _cpu_seconds(pid: int) -> float:
    """The user and system CPU a server has used so far (its processes): the server's own cost per request, which
    the other processes on the machine do not inflate the way they inflate wall-clock rates."""
    process = psutil.Process(pid)
    total = 0.0
    for each in (process, *process.children(recursive=True)):
        times = each.cpu_times()
        total += times.user + times.system
    return total


async def _database_cpu(postgres: str, database: str) -> dict[int, float]:
    """The CPU each of the bench database's server processes has used so far (the measured server's connections:
    one row runs at a time), read from /proc as for the servers."""
    conn = await asyncpg.connect(postgres.replace("postgresql://", "postgres://", 1))
    try:
        pids = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", database)
    finally:
        await conn.close()
    used: dict[int, float] = {}
    for row in pids:
        try:
            times = psutil.Process(row["pid"]).cpu_times()
        except psutil.Error:  # a connection closed in between
            continue
        used[row["pid"]] = times.user + times.system
    return used


def _database_spent(before: dict[int, float], after: dict[int, float]) -> float | None:
    """The database CPU a row used, or None when a connection ended meanwhile (its CPU went with it: a pool that
    opened and closed connections beyond its size under the row's load)."""
    if any(pid not in after for pid in before):
        return None
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _rss(pid: int) -> list[int]:
    """The resident memory of a server: taskset execs into it; with workers, its children too."""
    process = psutil.Process(pid)
    return [p.memory_info().rss for p in (process, *process.children(recursive=True))]


async def profile(args: argparse.Namespace) -> None:
    """Where a list (or detail) request's time goes: pyinstrument over `--profile` requests to the app in this
    process."""
    async with loaded(args, 2_000, 20_000) as ready:
        data, people, rng = ready.data, ready.people, ready.rng
        container = build_container(load_settings(ready.env))
        transport = httpx.ASGITransport(app=create_app(container))
        async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
            await people.look(client)
            make = {
                "list": lambda: list_lines(people, data, rng, count=args.profile),
                "detail": lambda: detail_lines(people, rng, count=args.profile),
            }
            lines = make[args.profile_of]()
            profiler = Profiler(async_mode="enabled", interval=0.0002)
            profiler.start()
            for line in lines:
                path, cookie = line.split("\t")
                (await client.get(path, headers={"Cookie": cookie})).raise_for_status()
            profiler.stop()
        await close_container(container)
    print(profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total"))


# -- the run -----------------------------------------------------------------------------------------------------
async def machine(postgres: str) -> None:
    conn = await asyncpg.connect(postgres.replace("postgresql://", "postgres://", 1))
    try:
        server = await conn.fetchval("SELECT version()")
    finally:
        await conn.close()
    print(machine_line())
    print(server)


def _verdict(ok: bool) -> str:
    return "✔" if ok else "✗"


def summary(runs: list[dict[str, Any]]) -> None:
    big, small = runs[-1], runs[0]
    results = big["results"]
    share = {label: results[label, 32]["rps"] / results[SELECT, 32]["rps"] for label in (LIST, DETAIL, PDF, SIGNIN)}
    p99 = results[LIST, 8]["p99"]
    print(f"\nPRODUCT §11 targets (dataset of {big['documents']:,} documents):")
    print(f"  {_verdict(share[LIST] >= 0.5)} list / one-SELECT throughput at 32 clients: {share[LIST]:.0%} (>= 50 %)")
    print(f"  {_verdict(p99 <= 25)} list p99 at 8 clients: {p99:.1f} ms (<= 25 ms)")
    print(f"  {_verdict(share[DETAIL] >= 0.35)} detail / one-SELECT at 32 clients: {share[DETAIL]:.0%} (>= 35 %)")
    print(f"  {_verdict(share[PDF] >= 0.35)} stored PDF / one-SELECT at 32 clients: {share[PDF]:.0%} (>= 35 %)")
    print(f"  · sign-in / one-SELECT at 32 clients: {share[SIGNIN]:.0%} (no §11 figure; its equal work is §3's)")
    if len(runs) > 1:
        for clients in CLIENTS:
            a, b = results[LIST, clients]["p99"], small["results"][LIST, clients]["p99"]
            sizes = f"{big['documents']:,} vs {small['documents']:,} documents"
            print(f"  {_verdict(a / b <= 1.2)} list p99 at {clients} clients, {sizes}: {a:.1f} / {b:.1f} ms ", end="")
            print(f"= {a / b:.2f}x (<= 1.2x)")
    print(f"  {_verdict(big['rss'] < 200)} portal server RSS: {big['rss']:.0f} MB (< 200 MB)")


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
    parser.add_argument("--seconds", type=float, help="timed seconds per endpoint and client count")
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1) - 1), help="server processes")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2,000 customers, 20,000 documents")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile N requests (pyinstrument)")
    parser.add_argument("--profile-of", choices=("list", "detail"), default="list", help="which requests to profile")
    parser.add_argument("--plain-server", action="store_true", help="baselines on asyncio + h11 (ADR-0025)")
    parser.add_argument("--serve", choices=("select", "hello"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.workers, plain=args.plain_server)
        return 0
    if urlsplit(args.postgres).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--postgres: this benchmark only talks to 127.0.0.1")
    args.customers = args.customers or (2_000 if args.quick else 100_000)
    args.documents = args.documents or (20_000 if args.quick else 1_000_000)
    args.seconds = args.seconds or (3.0 if args.quick else 10.0)

    configure_logging(quiet=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the clean-up below runs
    if args.profile:
        try:
            asyncio.run(profile(args))
        finally:
            asyncio.run(_drop_leftovers(args.postgres))
        return 0
    if not wrk_available():
        parser.error("wrk is not installed (`make bench-deps` installs it)")
    try:
        runs = asyncio.run(bench(args))
    finally:
        stop_servers()
        asyncio.run(_drop_leftovers(args.postgres))
    summary(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
