"""Webhook → settled → SSE event at the browser (PRODUCT §11: p95 ≤ 200 ms), for payments of one invoice and of
ten invoices at once (PRODUCT §13: every invoice settled in the one unit of work).

Creates its own PostgreSQL database, runs the portal and the MobilePay simulator with uvicorn on 127.0.0.1, and for
each of N payments: starts it (one invoice, or `--several` invoices through `POST /api/v1/payments`), opens its SSE
stream, has the simulator approve and capture it, posts the vendor-signed CAPTURED webhook, and times until the
stream says "complete" (the portal reads the payment from the simulator on the webhook, as from MobilePay). Prints
the dataset size, the machine and the latency percentiles per kind. Stops by itself.

    .venv/bin/python bench/payment_latency.py [--payments 60] [--several 10] [--postgres postgresql://…/test]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
import msgspec
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from application.commands.identity.sign_in import start_session
from infrastructure.container import build_container, close_container, migrate_database
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.signing import signed_headers
from infrastructure.mobilepay.simulator.state import SimulatorState
from infrastructure.settings import load_settings
from interfaces.cli.logging_setup import configure_logging
from interfaces.http.app import create_app

SECRET = "bench-webhook-secret-0123456789abcdefghij"
MAIL = "bench@example.dk"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(app: object, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server


def _invoice(number: str) -> DocumentBody:
    line = {"description": "Service", "quantity": "1", "unit_price": 10_000, "vat_rate": "25"}
    record = {
        "type": "invoice",
        "number": number,
        "issue_date": "2026-11-20",
        "due_date": "2026-12-04",
        "currency": "DKK",
        "locale": "da",
        "customer_no": "B-1",
        "seller": {"name": "Bench ApS"},
        "lines": [line],
        "totals": {"gross": 10_000, "discount": 0, "net": 10_000, "vat": 2_500, "total": 12_500},
    }
    return msgspec.convert(record, DocumentBody)


async def main(payments: int, several: int, postgres: str) -> None:
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres.replace("postgresql://", "postgres://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = postgres.rsplit("/", 1)[0] + f"/{name}"
    port, vendor_port = _free_port(), _free_port()
    vendor = SimulatorState(webhook_secret=SECRET)  # no webhook registered: the bench posts the one it times
    vendor_server = _serve(create_simulator_app(webhook_secret=SECRET, state=vendor), vendor_port)
    env = {
        "PORTAL_DATABASE_URL": url,
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_VAR_DIR": tempfile.mkdtemp(prefix="portal-bench-"),
        "PORTAL_MOBILEPAY_WEBHOOK_SECRET": SECRET,
        "PORTAL_MOBILEPAY_BASE_URL": f"http://127.0.0.1:{vendor_port}",
    }
    try:
        settings = load_settings(env)
        await asyncio.to_thread(migrate_database, settings)
        seed = build_container(settings)
        bus = seed.bus()
        await bus.handle(UpsertCustomer(customer_no="B-1", name="Bench", email=MAIL))
        invoices = [
            await bus.handle(UpsertDocument(type="invoice", number=f"B-{i:05d}", body=_invoice(f"B-{i:05d}")))
            for i in range(payments * (1 + several))
        ]
        ids = [i.id for i in invoices]
        uow = seed.uow()
        async with uow:
            signed = await start_session(uow, seed.hasher(), MAIL, seed.clock().now(), None)
            await uow.commit()
        server = _serve(create_app(build_container(settings)), port)
        base = f"http://127.0.0.1:{port}"
        kinds = {
            "1 invoice": await _measure(base, signed.session_id, [[i] for i in ids[:payments]], vendor),
            f"{several} invoices": await _measure(
                base,
                signed.session_id,
                [ids[payments + k * several : payments + (k + 1) * several] for k in range(payments)],
                vendor,
            ),
        }
        server.should_exit = True
        await close_container(seed)
    finally:
        vendor_server.should_exit = True
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    print(
        f"dataset: {payments} payments of 1 invoice, {payments} payments of {several} invoices; PostgreSQL; "
        "portal serve in-process (uvicorn)"
    )
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}"
    )
    for kind, latencies in kinds.items():
        ms = sorted(x * 1000 for x in latencies)
        print(
            f"webhook -> {kind} settled -> SSE event: n={len(ms)} p50={statistics.median(ms):.1f} ms "
            f"p95={ms[int(len(ms) * 0.95) - 1]:.1f} ms max={ms[-1]:.1f} ms (target p95 <= 200 ms)"
        )


async def _measure(base: str, session_id: str, payments: list[list[uuid.UUID]], vendor: SimulatorState) -> list[float]:
    results: list[float] = []
    async with httpx.AsyncClient(base_url=base, cookies={"portal_session": session_id}, timeout=30) as client:
        for invoice_ids in payments:
            amount = 12_500 * len(invoice_ids)
            if len(invoice_ids) == 1:
                started = await client.post(
                    f"/api/v1/documents/{invoice_ids[0]}/payments", json={"amount": amount, "phone": "20123456"}
                )
            else:
                body = {"invoices": [str(i) for i in invoice_ids], "phone": "20123456"}
                started = await client.post("/api/v1/payments", json=body)
            started.raise_for_status()
            payment_id = started.json()["id"]
            ready = asyncio.Event()
            done: list[float] = []

            async def watch(pid: str = payment_id, ready: asyncio.Event = ready, done: list[float] = done) -> None:
                async with client.stream("GET", f"/api/v1/payments/{pid}/events") as stream:
                    async for line in stream.aiter_lines():
                        if line.startswith("data:"):
                            if json.loads(line[5:])["status"] == "complete":
                                done.append(time.perf_counter())
                                return
                            ready.set()

            task = asyncio.create_task(watch())
            await asyncio.wait_for(ready.wait(), 10)
            await asyncio.sleep(0.05)
            taken = next(p for p in vendor.payments.values() if p.reference == payment_id)
            vendor.approve(taken)
            vendor.capture(taken, amount, "DKK", key=f"capture-{payment_id}")
            body = json.dumps(
                {
                    "msn": "123456",
                    "reference": payment_id,
                    "pspReference": f"psp-{payment_id}",
                    "name": "CAPTURED",
                    "amount": {"currency": "DKK", "value": amount},
                    "timestamp": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
                    "idempotencyKey": None,
                    "success": True,
                }
            ).encode()
            url = f"{base}/webhooks/mobilepay"
            headers = signed_headers(url=url, body=body, secret=SECRET, at=dt.datetime.now(dt.UTC))
            sent = time.perf_counter()
            await client.post(url, content=body, headers=headers)
            await asyncio.wait_for(task, 10)
            results.append(done[0] - sent)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=60)
    parser.add_argument("--several", type=int, default=10, help="invoices in each payment of several")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    arguments = parser.parse_args()
    configure_logging(quiet=True)
    asyncio.run(main(arguments.payments, arguments.several, arguments.postgres))
