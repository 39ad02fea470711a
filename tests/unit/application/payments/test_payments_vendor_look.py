"""A webhook is a signal to look (PRODUCT §6.4): amounts come from MobilePay's payment aggregate, never from the
webhook's body. Through the real bus with fakes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from structlog.testing import capture_logs

from application import jobs
from application.commands.payments.apply_vendor_event import ApplyVendorEvent, VendorEventInput
from application.commands.payments.capture_payment import CapturePayment
from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.reconcile_payment import ReconcilePayment
from application.commands.payments.start_payment import PaymentAccepted, StartPayment
from application.ports.mobilepay_gateway import MobilePayUnavailable, VendorAggregate
from domain.documents.model import Document
from domain.payments.events import PaymentCompleted
from domain.payments.model import Payment
from infrastructure.container import Container
from tests.unit.application.payments.payment_fakes import PaymentFakes

pytestmark = pytest.mark.unit

TOTAL = 500_00
AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _invoice(container: Container) -> Document:
    store = container.fake_store  # type: ignore[attr-defined]
    found: Document = next(d for d in store.documents.values() if d.number == "INV-1")
    return found


def _payment(container: Container, payment_id: uuid.UUID) -> Payment:
    found: Payment = container.fake_store.payments[payment_id]  # type: ignore[attr-defined]
    return found


def _completions(container: Container) -> int:
    return sum(isinstance(e, PaymentCompleted) for e in container.fake_store.events)  # type: ignore[attr-defined]


def _webhook(payment_id: uuid.UUID | str, name: str, amount: int, psp: str) -> ApplyVendorEvent:
    return ApplyVendorEvent(
        event=VendorEventInput(
            reference=str(payment_id), name=name, psp_reference=psp, amount=amount, success=True, timestamp=AT
        )
    )


async def _started_and_created(container: Container) -> uuid.UUID:
    bus = container.bus()
    invoice_id = _invoice(container).id
    accepted: PaymentAccepted = await bus.handle(
        StartPayment(invoices=(invoice_id,), email="mette@example.dk", amount=TOTAL, phone="20123456")
    )
    await bus.handle(CreateVendorPayment(payment_id=accepted.id))
    return accepted.id


async def _completed(container: Container, fakes: PaymentFakes) -> uuid.UUID:
    """Approved on the phone, the AUTHORIZED webhook looked at, the capture job run: complete and settled."""
    bus = container.bus()
    payment_id = await _started_and_created(container)
    fakes.gateway.approve(payment_id)
    await bus.handle(_webhook(payment_id, "AUTHORIZED", TOTAL, "psp-auth"))
    captures = [p for actor, p in container.fake_store.jobs if actor == jobs.CAPTURE_PAYMENT]  # type: ignore[attr-defined]
    assert captures == [{"payment_id": str(payment_id), "amount": TOTAL}]
    await bus.handle(CapturePayment(payment_id=payment_id, amount=TOTAL))
    assert (_payment(container, payment_id).status, _invoice(container).outstanding) == ("complete", 0)
    return payment_id


async def test_a_signed_captured_webhook_with_a_fresh_psp_reference_on_a_complete_payment_changes_nothing(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _completed(fake_container, fakes)
    for psp in ("psp-fresh-1", "psp-fresh-2"):
        assert await fake_container.bus().handle(_webhook(payment_id, "CAPTURED", TOTAL, psp)) is True
    payment = _payment(fake_container, payment_id)
    assert (payment.status, payment.captured, payment.authorized, payment.settled) == ("complete", TOTAL, TOTAL, TOTAL)
    invoice = _invoice(fake_container)
    assert (invoice.portal_paid, invoice.outstanding) == (TOTAL, 0)
    assert _completions(fake_container) == 1


async def test_a_webhook_claiming_a_capture_mobilepay_has_not_made_changes_nothing_and_warns(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _started_and_created(fake_container)
    fakes.gateway.approve(payment_id)
    with capture_logs() as logs:
        await fake_container.bus().handle(_webhook(payment_id, "CAPTURED", TOTAL, "psp-forged"))
    payment = _payment(fake_container, payment_id)
    assert (payment.status, payment.captured) == ("pending", 0)  # authorised, its capture queued, nothing taken
    assert (_invoice(fake_container).portal_paid, _invoice(fake_container).outstanding) == (0, TOTAL)
    assert _completions(fake_container) == 0
    warnings = [e for e in logs if e["log_level"] == "warning"]
    assert [(e["event"], e["claimed"], e["vendor_total"]) for e in warnings] == [
        ("payment.webhook_not_borne_out", TOTAL, 0)
    ]


@pytest.mark.parametrize(
    "claimed",
    [
        VendorAggregate(authorized=TOTAL, cancelled=0, captured=2 * TOTAL, refunded=0),  # captured > authorised
        VendorAggregate(authorized=TOTAL, cancelled=0, captured=TOTAL, refunded=TOTAL + 1),  # refunded > captured
    ],
)
async def test_vendor_figures_that_break_the_invariants_change_nothing_and_are_logged(
    fake_container: Container, fakes: PaymentFakes, claimed: VendorAggregate
) -> None:
    payment_id = await _completed(fake_container, fakes)
    fakes.gateway.tampered = claimed
    with capture_logs() as logs:
        await fake_container.bus().handle(_webhook(payment_id, "CAPTURED", TOTAL, "psp-3"))
        await fake_container.bus().handle(_webhook(payment_id, "REFUNDED", TOTAL, "psp-4"))
    payment = _payment(fake_container, payment_id)
    assert (payment.status, payment.captured, payment.refunded, payment.settled) == ("complete", TOTAL, 0, TOTAL)
    assert _invoice(fake_container).portal_paid == TOTAL
    refused = [e for e in logs if e["event"] == "payment.vendor_facts_refused"]
    assert len(refused) == 2
    assert {e["log_level"] for e in refused} == {"warning"}


async def test_the_poll_reads_the_same_aggregate_and_settles_once(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _completed(fake_container, fakes)
    for _ in range(2):
        reconciled = await fake_container.bus().handle(ReconcilePayment(payment_id=payment_id))
        assert reconciled.after == "complete"
    assert _payment(fake_container, payment_id).settled == TOTAL
    assert _completions(fake_container) == 1


async def test_a_webhook_for_an_unknown_payment_is_ignored_without_asking_mobilepay(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    for reference in (uuid.uuid4(), "not-a-uuid"):
        assert await fake_container.bus().handle(_webhook(reference, "CAPTURED", TOTAL, "psp-x")) is False
    assert fakes.gateway.gets == 0


async def test_mobilepay_unreachable_while_looking_changes_nothing_so_the_delivery_is_retried(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _started_and_created(fake_container)
    fakes.gateway.approve(payment_id)
    fakes.gateway.unavailable = True
    with pytest.raises(MobilePayUnavailable):
        await fake_container.bus().handle(_webhook(payment_id, "AUTHORIZED", TOTAL, "psp-auth"))
    assert fakes.shared.vendor_events == {}
    fakes.gateway.unavailable = False
    assert await fake_container.bus().handle(_webhook(payment_id, "AUTHORIZED", TOTAL, "psp-auth")) is True
    jobs_now: list[tuple[str, Any]] = fake_container.fake_store.jobs  # type: ignore[attr-defined]
    assert [p for actor, p in jobs_now if actor == jobs.CAPTURE_PAYMENT] == [
        {"payment_id": str(payment_id), "amount": TOTAL}
    ]
