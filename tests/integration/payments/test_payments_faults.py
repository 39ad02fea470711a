"""Fault tests on PostgreSQL with the simulator over real HTTP: in every case one settlement, no payment lost.

Each runs twice: a payment of (part of) one invoice, and one payment of three invoices (PRODUCT §13), whose
settlement must come out the same way for every invoice it pays.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from application.commands.payments.reconcile_payment import ReconcilePayment
from application.commands.payments.refund_payment import RefundPayment
from infrastructure.container import Container
from infrastructure.mobilepay.simulator.faults import Fault, WebhookSwitches
from infrastructure.mobilepay.simulator.signing import signed_headers
from infrastructure.persistence.tables.outbox import events
from infrastructure.persistence.tables.payments import payments
from tests.builders import document, line, upsert_document
from tests.integration.payments.payment_rig import MSN, SECRET, Rig, running_portal

pytestmark = pytest.mark.integration


@pytest.fixture(params=["one invoice", "three invoices"])
async def rig(request: pytest.FixtureRequest, pg_container: Container, pg_database: str, tmp_path: Path) -> Rig:
    several = request.param == "three invoices"
    async with running_portal(pg_container, tmp_path, pg_database, more_invoices=several) as running:
        yield running  # type: ignore[misc]


@pytest.fixture
async def rig3(pg_container: Container, pg_database: str, tmp_path: Path) -> Rig:
    async with running_portal(pg_container, tmp_path, pg_database, more_invoices=True) as running:
        yield running  # type: ignore[misc]


def _several(rig: Rig) -> bool:
    return len(rig.invoice_ids) > 1


async def _start_paying(rig: Rig, amount: int) -> httpx.Response:
    """One invoice: `amount` of it; three invoices: all of each (the sum is `_amount_of`)."""
    if _several(rig):
        body = {"invoices": [str(i) for i in rig.invoice_ids], "phone": "20123456"}
        return await rig.client.post("/api/v1/payments", json=body)
    body = {"amount": amount, "phone": "20123456"}
    return await rig.client.post(f"/api/v1/documents/{rig.invoice_id}/payments", json=body)


async def _start(rig: Rig, amount: int) -> tuple[str, int]:
    """The payment's id and what it asks for in all."""
    started = await _start_paying(rig, amount)
    assert started.status_code == 201, started.text
    payment_id = str(started.json()["id"])
    return payment_id, (await rig.payment(payment_id))["amount"]


async def _settlements(rig: Rig) -> tuple[int, int]:
    """(portal-paid of the invoices, summed, number of payment.completed events)."""
    paid = sum([(await rig.invoice(invoice_id))["paid"] for invoice_id in rig.invoice_ids])
    async with rig.container.session_factory()() as session:
        completed = await session.scalar(
            select(func.count()).select_from(events).where(events.c.type == "payment.completed")
        )
    return paid, int(completed or 0)


def _webhook(payment_id: str, name: str, amount: int, psp: str) -> dict[str, Any]:
    return {
        "msn": MSN,
        "reference": payment_id,
        "pspReference": psp,
        "name": name,
        "amount": {"currency": "DKK", "value": amount},
        "timestamp": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        "idempotencyKey": None,
        "success": True,
    }


async def _post_webhook(
    rig: Rig, body: dict[str, Any], *, secret: str = SECRET, at: dt.datetime | None = None, tamper: bool = False
) -> httpx.Response:
    raw = json.dumps(body).encode()
    url = f"{rig.portal.url}/webhooks/mobilepay"
    headers = signed_headers(url=url, body=raw, secret=secret, at=at or dt.datetime.now(dt.UTC))
    if tamper:
        raw = raw.replace(b'"success": true', b'"success": false')
    async with httpx.AsyncClient() as client:
        return await client.post(url, content=raw, headers=headers)


async def test_forged_altered_and_stale_webhooks_are_401_and_change_nothing(rig: Rig) -> None:
    payment_id, _ = await _start(rig, 10_000)
    body = _webhook(payment_id, "CAPTURED", 10_000, "psp-forged")
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    for answer in (
        await _post_webhook(rig, body, secret="not-the-secret"),
        await _post_webhook(rig, body, tamper=True),
        await _post_webhook(rig, body, at=stale),
    ):
        assert answer.status_code == 401
    assert (await rig.payment(payment_id))["status"] == "pending"
    assert await _settlements(rig) == (0, 0)
    unknown = await _post_webhook(rig, _webhook(str(uuid.uuid4()), "CAPTURED", 100, "psp-x"))
    assert unknown.status_code == 200


async def test_a_signed_webhook_claiming_a_capture_mobilepay_has_not_made_changes_nothing(rig: Rig) -> None:
    payment_id, _ = await _start(rig, 10_000)
    answer = await _post_webhook(rig, _webhook(payment_id, "CAPTURED", 10_000, "psp-claimed"))
    assert answer.status_code == 200
    assert (await rig.payment(payment_id))["status"] == "pending"
    assert await _settlements(rig) == (0, 0)


async def test_ten_duplicate_webhooks_at_once_and_captured_before_authorized_settle_once(rig: Rig) -> None:
    rig.simulator.webhooks.switches = WebhookSwitches(late_seconds=3600)  # the portal hears only what we post
    payment_id, amount = await _start(rig, 10_000)
    taken = rig.sim_payment(payment_id)
    rig.simulator.approve(taken)
    rig.simulator.capture(taken, amount, "DKK", key=f"capture-{payment_id}")
    captured = _webhook(payment_id, "CAPTURED", 10_000, taken.events[-1].psp_reference)
    answers = await asyncio.gather(*(_post_webhook(rig, captured) for _ in range(10)))
    assert [a.status_code for a in answers] == [200] * 10
    late_authorized = await _post_webhook(rig, _webhook(payment_id, "AUTHORIZED", 10_000, "psp-auth-1"))
    assert late_authorized.status_code == 200
    assert (await rig.payment(payment_id))["status"] == "complete"
    paid, completed = await _settlements(rig)
    print(f"\n10 duplicate CAPTURED + late AUTHORIZED: paid {paid}, {completed} settlement(s)")
    assert (paid, completed) == (amount, 1)


async def test_a_signed_captured_webhook_with_a_fresh_psp_reference_after_completion_changes_nothing(rig: Rig) -> None:
    payment_id, amount = await _start(rig, 10_000)
    rig.simulator.approve(rig.sim_payment(payment_id))
    await rig.until(lambda: _status(rig, payment_id, "complete"))
    assert await _settlements(rig) == (amount, 1)
    outstanding = (await rig.invoice())["outstanding"]
    for psp in ("psp-fresh-1", "psp-fresh-2"):
        answer = await _post_webhook(rig, _webhook(payment_id, "CAPTURED", 10_000, psp))
        assert answer.status_code == 200
    assert (await rig.invoice())["outstanding"] == outstanding
    assert await _settlements(rig) == (amount, 1)
    assert rig.sim_payment(payment_id).captured == amount


async def test_a_webhook_and_a_poll_applying_the_same_event_at_once_settle_once(rig: Rig) -> None:
    rig.simulator.webhooks.switches = WebhookSwitches(late_seconds=3600)  # hold every webhook
    payment_id, amount = await _start(rig, 12_000)
    rig.simulator.approve(rig.sim_payment(payment_id))
    bus = rig.container.bus()
    await bus.handle(ReconcilePayment(payment_id=uuid.UUID(payment_id), keep_polling=False))  # sees AUTHORIZED
    await rig.until(lambda: rig.sim_payment(payment_id).captured > 0)  # the worker captured; its webhooks are held
    rig.simulator.webhooks.switches = WebhookSwitches()
    rig.simulator.webhooks.flush()
    await asyncio.gather(
        bus.handle(ReconcilePayment(payment_id=uuid.UUID(payment_id), keep_polling=False)),
        bus.handle(ReconcilePayment(payment_id=uuid.UUID(payment_id), keep_polling=False)),
    )
    await rig.until(lambda: _status(rig, payment_id, "complete"))
    await asyncio.sleep(0.5)  # let the flushed webhooks land too
    paid, completed = await _settlements(rig)
    print(f"\nwebhook + poll at once: paid {paid}, {completed} settlement(s)")
    assert (paid, completed) == (amount, 1)


async def test_vendor_timeouts_and_5xx_on_create_and_capture_pay_once(rig: Rig) -> None:
    rig.simulator.faults.add(Fault(operation="create", kind="timeout", when="after", delay_seconds=11.0))
    rig.simulator.faults.add(Fault(operation="capture", kind="error", status=502, when="after"))
    payment_id, amount = await _start(rig, 11_000)
    rig.simulator.approve(rig.sim_payment(payment_id))
    await rig.until(lambda: _status(rig, payment_id, "complete"), seconds=60)
    paid, completed = await _settlements(rig)
    creates = [c for c in rig.simulator.calls if c.get("operation") == "create"]
    print(f"\ntimeout on create, 502 on capture: paid {paid}, {completed} settlement(s), {len(creates)} create calls")
    assert (paid, completed) == (amount, 1)
    assert len([p for p in rig.simulator.payments.values() if p.reference == payment_id]) == 1


async def test_a_worker_stopped_between_authorisation_and_capture_captures_once_after_restart(rig: Rig) -> None:
    payment_id, amount = await _start(rig, 9_000)
    rig.worker.stop()
    rig.simulator.approve(rig.sim_payment(payment_id))
    await asyncio.sleep(1.0)  # the AUTHORIZED webhook lands; its capture job waits for a worker
    assert (await rig.payment(payment_id))["status"] == "pending"
    rig.restart_worker()
    await rig.until(lambda: _status(rig, payment_id, "complete"), seconds=60)
    paid, completed = await _settlements(rig)
    print(f"\nworker stopped before capture: paid {paid}, {completed} settlement(s)")
    assert (paid, completed) == (amount, 1)


async def _status(rig: Rig, payment_id: str, status: str) -> bool:
    return (await rig.payment(payment_id))["status"] == status


async def test_mobilepay_unreachable_on_the_first_create_still_answers_201_and_the_worker_creates_it_once(
    rig: Rig,
) -> None:
    rig.simulator.faults.add(Fault(operation="create", kind="error", status=503, when="before", count=1000))
    started = await _start_paying(rig, 8_000)
    assert started.status_code == 201, started.text
    assert started.json()["status"] == "pending"
    payment_id = started.json()["id"]
    assert (await rig.payment(payment_id))["status"] == "pending"
    assert payment_id not in {p.reference for p in rig.simulator.payments.values()}
    rig.simulator.faults.clear()  # MobilePay is back: the create job, retried on the same key, gets through
    await rig.until(lambda: payment_id in {p.reference for p in rig.simulator.payments.values()}, seconds=60)
    rig.simulator.approve(rig.sim_payment(payment_id))
    await rig.until(lambda: _status(rig, payment_id, "complete"), seconds=60)
    created = [
        c
        for c in rig.simulator.calls
        if c.get("operation") == "create" and c.get("status") == 201 and not c.get("replayed")
    ]
    assert len(created) == 1
    assert await _settlements(rig) == ((await rig.payment(payment_id))["amount"], 1)


async def test_three_invoices_in_one_approval_settle_each_by_its_share_and_refunds_go_back_newest_due_first(
    rig3: Rig,
) -> None:
    rig = rig3
    payment_id, amount = await _start(rig, 0)
    shares = [(a["number"], a["amount"]) for a in (await rig.payment(payment_id))["allocations"]]
    assert shares == [("INV-2", 5_000), ("INV-1", 12_500), ("INV-3", 1_000)]  # oldest due first
    assert amount == 18_500
    rig.simulator.approve(rig.sim_payment(payment_id))
    await rig.until(lambda: _status(rig, payment_id, "complete"))
    for invoice_id in rig.invoice_ids:
        invoice = await rig.invoice(invoice_id)
        assert (invoice["outstanding"], invoice["payments"][0]["amount"]) == (0, invoice["total"])
    assert await _settlements(rig) == (18_500, 1)
    async with rig.container.session_factory()() as session:
        envelope = await session.scalar(select(events.c.envelope).where(events.c.type == "payment.completed"))
    assert [(a["number"], a["amount"]) for a in envelope["data"]["allocations"]] == shares
    await rig.container.bus().handle(RefundPayment(payment_id=uuid.UUID(payment_id), amount=1_500))
    paid = {(await rig.invoice(i))["number"]: (await rig.invoice(i))["outstanding"] for i in rig.invoice_ids}
    assert paid == {"INV-1": 500, "INV-2": 0, "INV-3": 1_000}  # INV-3 first, then the rest from INV-1
    assert await _settlements(rig) == (17_000, 1)


async def test_an_invoice_paid_elsewhere_between_authorisation_and_capture_shrinks_the_capture(rig3: Rig) -> None:
    rig = rig3
    payment_id, amount = await _start(rig, 0)
    rig.worker.stop()
    rig.simulator.approve(rig.sim_payment(payment_id))
    await rig.until(lambda: _vendor_state_seen(rig, payment_id))  # the AUTHORIZED webhook landed; no worker runs
    bus = rig.container.bus()
    inv2 = document("invoice", "INV-2", issue_date=dt.date(2026, 10, 20), lines=[line(40_00)], paid=5_000)
    await bus.handle(upsert_document(inv2))  # the business system says INV-2 was paid at the counter
    rig.restart_worker()
    await rig.until(lambda: _status(rig, payment_id, "complete"), seconds=60)
    await rig.until(lambda: rig.sim_payment(payment_id).cancelled > 0)  # the rest of the authorisation released
    taken = rig.sim_payment(payment_id)
    assert (taken.captured, taken.cancelled) == (amount - 5_000, 5_000)
    shares = {a["number"]: a["amount"] for a in (await rig.payment(payment_id))["allocations"]}
    assert shares == {"INV-2": 0, "INV-1": 12_500, "INV-3": 1_000}
    assert await _settlements(rig) == (amount, 1)  # 5.000 paid at the counter, the rest through the portal
    for invoice_id in rig.invoice_ids:
        invoice = await rig.invoice(invoice_id)
        portal = sum(p["amount"] - p["refunded"] for p in invoice["payments"] if p["status"] == "complete")
        assert (invoice["outstanding"], invoice["paid_outside"] + portal) == (0, invoice["total"])


async def _vendor_state_seen(rig: Rig, payment_id: str) -> bool:
    async with rig.container.session_factory()() as session:
        state = await session.scalar(select(payments.c.vendor_state).where(payments.c.id == uuid.UUID(payment_id)))
    return state == "AUTHORIZED"
