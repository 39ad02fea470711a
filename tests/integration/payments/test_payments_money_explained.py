"""An invoice explains its money (PRODUCT §13): imported paid, credit notes, portal payments and refunds, the
payment still waiting; and a credit note says where it went. Real HTTP, PostgreSQL, the MobilePay simulator."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

from application.commands.payments.refund_payment import RefundPayment
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.payments.payment_rig import Rig, running_portal

pytestmark = pytest.mark.integration


@pytest.fixture
async def rig(pg_container: Container, pg_database: str, tmp_path: Path) -> Rig:
    async with running_portal(pg_container, tmp_path, pg_database) as running:
        yield running  # type: ignore[misc]


def _explained(invoice: dict[str, Any]) -> int:
    """The outstanding as PRODUCT §13 composes it from the detail's own figures."""
    credited = sum(c["amount"] for c in invoice["credits"])
    payments = sum(p["amount"] - p["refunded"] for p in invoice["payments"] if p["status"] in ("complete", "refunded"))
    return max(0, invoice["total"] - invoice["paid_outside"] - credited - payments)


async def _pay(rig: Rig, amount: int) -> str:
    started = await rig.client.post(
        f"/api/v1/documents/{rig.invoice_id}/payments", json={"amount": amount, "phone": "20 12 34 56"}
    )
    assert started.status_code == 201, started.text
    return str(started.json()["id"])


async def test_an_invoice_s_figures_add_up_to_its_outstanding_through_credits_payments_and_refunds(rig: Rig) -> None:
    bus = rig.container.bus()
    await bus.handle(upsert_customer(customer_no="C-9001", email="someone-else@example.dk"))
    day = dt.date(2026, 11, 3)
    related = [{"type": "invoice", "number": "INV-1"}]
    small = [line(unit_price=1_000)]  # 10,00 + 25 % VAT = 12,50
    mine = await bus.handle(
        upsert_document(document("credit_note", "CN-1", issue_date=day, lines=small, related=related))
    )
    foreign = document("credit_note", "CN-2", customer_no="C-9001", issue_date=day, lines=small, related=related)
    await bus.handle(upsert_document(foreign))
    invoice = await rig.invoice()
    assert [(c["number"], c["amount"], c["id"] is not None) for c in invoice["credits"]] == [
        ("CN-1", 1250, True),
        ("CN-2", 1250, False),  # applied to her invoice, but not hers to open
    ]
    assert invoice["outstanding"] == _explained(invoice) == invoice["total"] - 2500
    note = (await rig.client.get(f"/api/v1/documents/{mine.id}")).json()
    assert (note["applied_to"], note["unapplied"]) == (
        [{"id": str(rig.invoice_id), "number": "INV-1", "amount": 1250}],
        0,
    )

    first = await _pay(rig, 5000)
    rig.simulator.approve(rig.sim_payment(first))
    await rig.until(lambda: _status(rig, first, "complete"))
    await bus.handle(RefundPayment(payment_id=uuid.UUID(first), amount=2000))
    second = await _pay(rig, 1000)
    invoice = await rig.invoice()
    assert [(p["id"], p["amount"], p["status"], p["refunded"]) for p in invoice["payments"]] == [
        (first, 5000, "complete", 2000),
        (second, 1000, "pending", 0),
    ]
    assert invoice["payments"][0]["completed_at"] is not None
    assert invoice["pending_payment"]["id"] == second
    assert invoice["pending_payment"]["amount"] == 1000
    assert invoice["outstanding"] == _explained(invoice) == invoice["total"] - 2500 - 3000


async def _status(rig: Rig, payment_id: str, status: str) -> bool:
    return (await rig.payment(payment_id))["status"] == status


async def test_a_waiting_payment_is_cancelled_by_its_customer_and_then_no_longer(rig: Rig) -> None:
    waiting = await _pay(rig, 1000)
    assert (await rig.invoice())["pending_payment"]["id"] == waiting
    cancelled = await rig.client.post(f"/api/v1/payments/{waiting}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["reason"]) == ("failed", "cancelled")
    assert (await rig.invoice())["pending_payment"] is None
    again = await rig.client.post(f"/api/v1/payments/{waiting}/cancel")
    assert again.status_code == 409
    unknown = await rig.client.post(f"/api/v1/payments/{uuid.uuid4()}/cancel")
    assert unknown.status_code == 404

    approved = await _pay(rig, 1000)
    rig.simulator.approve(rig.sim_payment(approved))
    await rig.until(lambda: _status(rig, approved, "complete"))
    assert (await rig.client.post(f"/api/v1/payments/{approved}/cancel")).status_code == 409
