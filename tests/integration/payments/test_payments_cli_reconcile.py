"""`portal payments reconcile` through the real entry point, on PostgreSQL against the simulator over real HTTP, with
no worker running: it captures and completes an authorised payment by itself, fails a payment MobilePay never
received once the create job's window is over, and `--dry-run` changes nothing (PRODUCT §6.6)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import select

from application import jobs
from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.start_payment import PaymentAccepted, StartPayment
from infrastructure.container import Container, build_container, close_container
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.state import SimulatorState
from infrastructure.persistence.tables.documents import documents
from infrastructure.persistence.tables.outbox import outbox
from infrastructure.persistence.tables.payments import payments
from tests.builders import document, line, upsert_customer, upsert_document
from tests.conftest import make_settings, truncate_all
from tests.contract.mobilepay.live_server import LiveServer, free_port
from tests.fakes import FakeClock

pytestmark = pytest.mark.integration

PORTAL = str(Path(sys.executable).with_name("portal"))
MSN = "123456"
MAIL = "mette@example.dk"
TOTAL = 500_00


@pytest.fixture
def simulator() -> Iterator[LiveServer]:
    with LiveServer(create_simulator_app(state=SimulatorState())) as server:
        yield server


@pytest.fixture
async def portal(pg_database: str, tmp_path: Path, clock: FakeClock, simulator: LiveServer) -> AsyncIterator[Container]:
    """The test's own view of the portal: same database and simulator as the CLI, its clock under the test's hand."""
    await truncate_all(pg_database)
    container = build_container(
        make_settings(tmp_path, database_url=pg_database, mobilepay_base_url=simulator.url, mobilepay_msn=MSN)
    )
    container.clock.override(providers.Object(clock))
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone="+4520123456"))
    for number in ("INV-10023", "INV-10024", "INV-10025"):
        await bus.handle(upsert_document(document("invoice", number, lines=[line(unit_price=400_00)])))
    yield container
    await close_container(container)


def reconcile(*args: str, database_url: str, tmp_path: Path, mobilepay_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "PORTAL_MOBILEPAY_BASE_URL": mobilepay_url,
        "PORTAL_MOBILEPAY_MSN": MSN,
    }
    env.pop("PORTAL_ENV", None)
    return subprocess.run(
        [PORTAL, "payments", "reconcile", *args], env=env, capture_output=True, timeout=120, check=False, text=True
    )


async def _start(container: Container, number: str) -> uuid.UUID:
    async with container.session_factory()() as session:
        invoice_id = (await session.execute(select(documents.c.id).where(documents.c.number == number))).scalar_one()
    accepted: PaymentAccepted = await container.bus().handle(
        StartPayment(invoices=(invoice_id,), email=MAIL, amount=TOTAL, phone="20123456")
    )
    return accepted.id


async def _rows(container: Container) -> dict[str, dict[str, Any]]:
    async with container.session_factory()() as session:
        rows = (await session.execute(select(payments))).all()
        outstanding = dict((await session.execute(select(documents.c.number, documents.c.outstanding))).all())
    return {
        r.invoice_number: {
            "id": r.id,
            "status": r.status,
            "reason": r.reason,
            "captured": r.captured,
            "outstanding": outstanding[r.invoice_number],
        }
        for r in rows
        if r.status == "pending" or r.reason == "not_at_mobilepay" or r.captured
    }


async def _unsent_jobs(container: Container) -> list[str]:
    async with container.session_factory()() as session:
        query = select(outbox.c.actor).where(outbox.c.sent_at.is_(None))
        return sorted(str(actor) for actor in (await session.execute(query)).scalars().all())


def _simulated(simulator: LiveServer) -> dict[str, dict[str, Any]]:
    state = httpx.get(f"{simulator.url}/control/api/state", timeout=10).json()
    return {p["reference"]: p for p in state["payments"]}


async def test_reconcile_alone_captures_the_authorised_and_fails_what_mobilepay_never_received(
    portal: Container, pg_database: str, tmp_path: Path, clock: FakeClock, simulator: LiveServer
) -> None:
    real_now = dt.datetime.now(dt.UTC)
    clock.set(real_now - dt.timedelta(minutes=20))  # stored 20 minutes ago; its create call never got through
    lost = await _start(portal, "INV-10024")
    clock.set(real_now - dt.timedelta(minutes=1))
    authorised = await _start(portal, "INV-10023")
    await portal.bus().handle(CreateVendorPayment(payment_id=authorised))
    approve = f"{simulator.url}/control/api/payments/{MSN}/{authorised}/approve"
    assert httpx.post(approve, timeout=10).status_code == 204  # the person approved on the phone
    recent = await _start(portal, "INV-10025")  # a minute old; MobilePay has not got it yet either

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return reconcile(*args, database_url=pg_database, tmp_path=tmp_path, mobilepay_url=simulator.url)

    before = await _rows(portal)

    plan = run("--dry-run", "--json")
    assert plan.returncode == 0, plan.stderr
    planned = {row["invoice_number"]: row for row in json.loads(plan.stdout)}
    assert planned["INV-10023"] == {
        "id": str(authorised),
        "invoice_number": "INV-10023",
        "before": "pending",
        "after": "complete",
        "actions": [
            {"kind": "asked", "answer": "authorized"},
            {"kind": "captured", "amount": TOTAL, "currency": "DKK"},
        ],
    }
    assert (planned["INV-10024"]["after"], planned["INV-10024"]["actions"][-1]) == (
        "failed",
        {"kind": "failed", "reason": "not_at_mobilepay"},
    )
    assert (planned["INV-10025"]["after"], [a["kind"] for a in planned["INV-10025"]["actions"]]) == (
        "pending",
        ["asked", "created"],
    )
    assert await _rows(portal) == before  # nothing changed here ...
    simulated = _simulated(simulator)
    assert (simulated[str(authorised)]["captured"], str(recent) in simulated) == (0, False)  # ... nor at MobilePay

    done = run()
    assert done.returncode == 0, done.stderr
    lines = sorted(done.stdout.splitlines(), key=lambda text: text.split()[1])
    assert lines == [
        f"{authorised} INV-10023 authorised → captured 500,00 DKK → complete",
        f"{lost} INV-10024 not at MobilePay → failed (not_at_mobilepay)",
        f"{recent} INV-10025 not at MobilePay → created at MobilePay → pending",
    ]
    rows = await _rows(portal)
    assert rows["INV-10023"] == {
        "id": authorised,
        "status": "complete",
        "reason": None,
        "captured": TOTAL,
        "outstanding": 0,
    }
    assert (rows["INV-10024"]["status"], rows["INV-10024"]["reason"]) == ("failed", "not_at_mobilepay")
    assert rows["INV-10025"]["status"] == "pending"
    simulated = _simulated(simulator)
    assert simulated[str(authorised)]["captured"] == TOTAL
    assert simulated[str(recent)]["state"] == "CREATED"
    assert jobs.CAPTURE_PAYMENT in await _unsent_jobs(portal)  # the worker's job is still queued: none ran

    again = run("--json")
    assert again.returncode == 0, again.stderr
    assert [(r["invoice_number"], r["after"]) for r in json.loads(again.stdout)] == [("INV-10025", "pending")]
    assert _simulated(simulator)[str(authorised)]["captured"] == TOTAL  # captured once
    assert await _start(portal, "INV-10024") != lost  # its invoice can be paid again


async def test_reconcile_without_mobilepay_is_one_line_and_exit_1(
    portal: Container, pg_database: str, tmp_path: Path, clock: FakeClock
) -> None:
    clock.set(dt.datetime.now(dt.UTC))
    await _start(portal, "INV-10023")
    unreachable = f"http://127.0.0.1:{free_port()}"
    done = reconcile(database_url=pg_database, tmp_path=tmp_path, mobilepay_url=unreachable)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: MobilePay cannot be reached")
