"""Benchmark the stored-PDF download over real HTTP, beside two baselines in the same run (PRODUCT §11).

Usage: python bench/pdf_download.py [--customers N] [--documents N] [--pdfs N] [--requests N] [--clients 8,32]

It creates a throw-away PostgreSQL database (on PORTAL_BENCH_POSTGRES, default the tests' server), migrates it,
bulk-loads customers and documents with COPY, and serves three apps with uvicorn on 127.0.0.1, one process each:
the portal (`GET /admin/api/v1/documents/{type}/{number}/pdf`, which also records a `document.pdf_downloaded` event),
a bare endpoint doing one indexed SELECT through an engine configured like the portal's, and Litestar's own JSON
hello-world. PDFs are rendered lazily: the warm-up downloads each of `--pdfs` documents once (rendering it on demand),
then the timed downloads cycle over them. Every run sends a fixed number of requests, so the script stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import msgspec
import uvicorn
from _machine import machine_line
from litestar import Litestar, get
from sqlalchemy import Table, select

from application.commands.identity.create_api_key import CreateApiKey
from domain.documents.content import DocumentContent
from domain.documents.values import Line, Party, Seller
from infrastructure.container import build_container, close_container
from infrastructure.persistence.migrations import upgrade
from infrastructure.persistence.tables.documents import customers, documents
from infrastructure.settings import load_settings
from interfaces.cli.logging_setup import configure_logging
from interfaces.http.app import create_app

ADMIN = os.environ.get("PORTAL_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
TYPES = ("invoice", "invoice", "quote", "order", "credit_note")
PDF_ROUTE = "stored PDF (admin API)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the three servers (each runs in its own process: `--serve KIND --port N`) -----------------------------------
def serve(kind: str, port: int) -> None:
    configure_logging()
    if kind == "hello":

        @get("/", sync_to_thread=False)
        def hello() -> dict[str, str]:
            return {"hello": "world"}

        app = Litestar([hello])
    elif kind == "select":
        container = build_container()

        @get("/select/{doc_id:uuid}")
        async def one_select(doc_id: uuid.UUID) -> dict[str, str]:
            async with container.session_factory()() as session:
                found = await session.scalar(select(documents.c.number).where(documents.c.id == doc_id))
            return {"number": str(found)}

        async def close() -> None:
            await close_container(container)

        app = Litestar([one_select], on_shutdown=[close])
    else:
        app = create_app(build_container())
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False, server_header=False)


# -- data -------------------------------------------------------------------------------------------------------
async def _admin(statement: str) -> None:
    conn = await asyncpg.connect(ADMIN.replace("postgresql://", "postgres://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _rows(table: Table, records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(record[c.name] for c in table.c) for record in records]


def _document(n: int, customer_count: int, now: dt.datetime) -> dict[str, Any]:
    type_, number, customer_no = TYPES[n % len(TYPES)], f"D-{n + 1:07d}", f"C-{n % customer_count + 1:06d}"
    issue = dt.date(2026, 1, 1) + dt.timedelta(days=n % 300)
    content = DocumentContent(
        issue_date=issue,
        due_date=issue + dt.timedelta(days=14) if type_ == "invoice" else None,
        currency="DKK",
        locale="da",
        seller=Seller(name="Nordvej Biler ApS", address=("Nordvej 1", "8200 Aarhus N"), vat_no="DK12345678"),
        customer=Party(customer_no=customer_no, name=f"Kunde {customer_no}"),
        lines=tuple(Line(description=f"Arbejde {i}", quantity=Decimal("1.5"), unit_price=49_500 + i) for i in range(6)),
    )
    total = content.totals.total
    return {
        "id": uuid.uuid4(), "type": type_, "number": number, "issue_date": issue, "due_date": content.due_date,
        "currency": "DKK", "customer_no": customer_no, "bill_to_no": None,
        "content": msgspec.json.encode(msgspec.to_builtins(content)).decode(), "content_hash": content.fingerprint(),
        "version": 1, "version_at": now, "withdrawn_at": None, "total": total, "imported_paid": 0, "portal_paid": 0,
        "credited": 0, "applied_credit": 0, "outstanding": total if type_ == "invoice" else 0,
        "search_text": content.search_text(number), "credit_for": None, "lock_version": 1,
    }  # fmt: skip


async def load(url: str, customer_count: int, count: int) -> list[dict[str, Any]]:
    """COPY the dataset in; returns the documents' rows."""
    now = dt.datetime.now(dt.UTC)
    people = [
        {"customer_no": f"C-{i:06d}", "name": f"Kunde {i}", "email": f"c-{i:06d}@example.dk",
         "email_normalised": f"c-{i:06d}@example.dk", "phone": None, "address": "[]", "locale": "da",
         "updated_at": now, "lock_version": 1}
        for i in range(1, customer_count + 1)
    ]  # fmt: skip
    docs = [_document(n, customer_count, now) for n in range(count)]
    conn = await asyncpg.connect(url.replace("postgresql://", "postgres://", 1))
    try:
        await conn.copy_records_to_table("customers", records=_rows(customers, people))
        await conn.copy_records_to_table("documents", records=_rows(documents, docs))
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return docs


# -- load generation ---------------------------------------------------------------------------------------------
async def hammer(
    base: str, paths: list[str], *, clients: int, requests: int, headers: dict[str, str]
) -> dict[str, float]:
    """`requests` GETs over `clients` concurrent connections; every answer must be 200."""
    latencies: list[float] = []
    sizes = 0
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:

        async def one_client() -> None:
            nonlocal sizes
            for i in counter:
                started = time.perf_counter()
                response = await client.get(paths[i % len(paths)])
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{paths[i % len(paths)]}: HTTP {response.status_code}")
                sizes += len(response.content)

        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "rps": requests / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000,
        "bytes": sizes / requests,
    }


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


def start_servers(env: dict[str, str]) -> dict[str, tuple[str, subprocess.Popen[bytes]]]:
    """The portal, the one-SELECT baseline and hello-world, each a uvicorn process on a free port of 127.0.0.1."""
    servers = {}
    for kind in ("portal", "select", "hello"):
        port = _free_port()
        command = [sys.executable, __file__, "--serve", kind, "--port", str(port)]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers[kind] = (f"http://127.0.0.1:{port}", proc)
    return servers


def _row(label: str, clients: int, requests: int, r: dict[str, float], hello: float, one: float) -> str:
    return (
        f"{label:24} {clients:7} {requests:8} {r['rps']:8.0f} {r['p50']:7.1f} {r['p99']:7.1f} "
        f"{r['rps'] / hello:8.0%} {r['rps'] / one:9.0%}"
    )


async def bench(args: argparse.Namespace, url: str, env: dict[str, str]) -> None:
    await asyncio.to_thread(upgrade, url)
    started = time.perf_counter()
    docs = await load(url, args.customers, args.documents)
    print(f"dataset: {args.customers} customers, {len(docs)} documents (COPY: {time.perf_counter() - started:.1f} s)")
    container = build_container(load_settings(env))
    try:
        key = (await container.bus().handle(CreateApiKey(name="bench"))).key
    finally:
        await close_container(container)
    servers = start_servers(env)
    try:
        for kind, (base, proc) in servers.items():
            await wait_ready(base + ("/health/live" if kind == "portal" else "/"), proc)
        auth = {"Authorization": f"Bearer {key}"}
        pdfs = [f"/admin/api/v1/documents/{d['type']}/{d['number']}/pdf" for d in docs[: args.pdfs]]
        targets = {
            "hello-world (JSON)": (servers["hello"][0], ["/"], {}),
            "one indexed SELECT": (servers["select"][0], [f"/select/{d['id']}" for d in docs[:500]], {}),
            PDF_ROUTE: (servers["portal"][0], pdfs, auth),
        }
        started = time.perf_counter()
        warm = await hammer(servers["portal"][0], pdfs, clients=1, requests=len(pdfs), headers=auth)
        took = time.perf_counter() - started
        print(f"stored PDFs: {len(pdfs)}, rendered on demand in {took:.1f} s, {warm['bytes'] / 1024:.0f} KiB each")
        print(f"{'endpoint':24} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} ", end="")
        print(f"{'vs hello':>8} {'vs SELECT':>9}")
        for clients in args.clients:
            results = {}
            for label, (base, paths, headers) in targets.items():
                await hammer(base, paths, clients=clients, requests=min(200, args.requests), headers=headers)
                results[label] = await hammer(base, paths, clients=clients, requests=args.requests, headers=headers)
            hello, one = results["hello-world (JSON)"]["rps"], results["one indexed SELECT"]["rps"]
            for label, result in results.items():
                print(_row(label, clients, args.requests, result, hello, one))
    finally:
        for _, proc in servers.values():
            proc.terminate()
        for _, proc in servers.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=20, help="distinct stored PDFs the downloads cycle over")
    parser.add_argument("--requests", type=int, default=2_000, help="timed requests per endpoint and client count")
    parser.add_argument("--clients", type=lambda s: [int(c) for c in s.split(",")], default=[8, 32])
    parser.add_argument("--serve", choices=("portal", "select", "hello"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0

    configure_logging()  # the portal's own log lines go to stderr; results to stdout
    print(machine_line())
    print(f"litestar {version('litestar')}, ", end="")
    print(f"uvicorn {version('uvicorn')}, httpx {version('httpx')}, borb {version('borb')}")
    name = f"portal_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as var:
            env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_VAR_DIR": str(Path(var))}
            env.pop("PORTAL_ENV", None)
            env.pop("PORTAL_BROKER_URL", None)
            asyncio.run(bench(args, url, env))
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
