"""Payments that cannot get stuck (PRODUCT §6.2, §6.6): the poll job and an operator's reconcile end a payment
MobilePay never received, and reconcile repairs at once what the worker would have done. Through the real bus with
fakes."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from typing import Any

import pytest

from application import jobs
from application.commands.payments.capture_payment import CapturePayment
from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.reconcile_payment import ReconcilePayment
from application.commands.payments.reconciliation import ReconcileAction, Reconciliation
from application.commands.payments.start_payment import PaymentAccepted, StartPayment
from application.ports.mobilepay_gateway import MobilePayUnavailable
from domain.documents.model import Document
from domain.payments.events import PaymentCompleted
from domain.payments.model import NOT_AT_MOBILEPAY_AFTER, Payment
from infrastructure.container import Container
from tests.builders import document, line, upsert_document
from tests.fakes import FakeClock
from tests.unit.application.payments.payment_fakes import PaymentFakes

pytestmark = pytest.mark.unit

TOTAL = 500_00
SECOND = dt.timedelta(seconds=1)


def _store(container: Container) -> Any:
    return container.fake_store  # type: ignore[attr-defined]


def _invoice(container: Container) -> Document:
    found: Document = next(d for d in _store(container).documents.values() if d.number == "INV-1")
    return found


def _payment(container: Container, payment_id: uuid.UUID) -> Payment:
    found: Payment = _store(container).payments[payment_id]
    return found


def _jobs(container: Container, actor: str) -> list[dict[str, Any]]:
    return [payload for name, payload in _store(container).jobs if name == actor]


async def _start(container: Container) -> uuid.UUID:
    accepted: PaymentAccepted = await container.bus().handle(
        StartPayment(invoices=(_invoice(container).id,), email="mette@example.dk", amount=TOTAL, phone="20123456")
    )
    return accepted.id


async def _authorised(container: Container, fakes: PaymentFakes) -> uuid.UUID:
    """Started, created at MobilePay and approved on the phone; the portal has not heard of the approval yet."""
    payment_id = await _start(container)
    await container.bus().handle(CreateVendorPayment(payment_id=payment_id))
    fakes.gateway.approve(payment_id)
    return payment_id


async def _reconcile(container: Container, payment_id: uuid.UUID, *, dry_run: bool = False) -> Reconciliation:
    """As `portal payments reconcile` does it."""
    command = ReconcilePayment(payment_id=payment_id, keep_polling=False, at_once=True, dry_run=dry_run)
    outcome: Reconciliation = await container.bus().handle(command)
    return outcome


async def _poll(container: Container, payment_id: uuid.UUID) -> Reconciliation:
    """As the worker's poll job does it."""
    outcome: Reconciliation = await container.bus().handle(ReconcilePayment(payment_id=payment_id))
    return outcome


# -- a payment MobilePay never received -----------------------------------------------------------------------------


async def test_the_start_queues_the_first_poll_with_the_create_job(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _start(fake_container)
    assert _jobs(fake_container, jobs.CREATE_VENDOR_PAYMENT) == [{"payment_id": str(payment_id)}]
    assert _jobs(fake_container, jobs.POLL_PAYMENT) == [{"payment_id": str(payment_id)}]


async def test_not_found_within_the_window_stays_pending_and_is_polled_again(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    payment_id = await _start(fake_container)  # its create call never reached MobilePay
    clock.advance(seconds=(NOT_AT_MOBILEPAY_AFTER - SECOND).total_seconds())
    outcome = await _poll(fake_container, payment_id)
    assert (outcome.before, outcome.after) == ("pending", "pending")
    assert outcome.actions == (ReconcileAction(kind="asked", answer="not_found"),)
    assert _payment(fake_container, payment_id).status == "pending"
    assert len(_jobs(fake_container, jobs.POLL_PAYMENT)) == 2  # the start's, and the next one
    assert fakes.gateway.creates == []  # the poll leaves creating to the create job


async def test_not_found_after_the_window_fails_with_the_reason_and_frees_the_invoice(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    payment_id = await _start(fake_container)
    clock.advance(seconds=NOT_AT_MOBILEPAY_AFTER.total_seconds())
    outcome = await _poll(fake_container, payment_id)
    assert (outcome.before, outcome.after) == ("pending", "failed")
    assert outcome.actions[-1] == ReconcileAction(kind="failed", reason="not_at_mobilepay")
    payment = _payment(fake_container, payment_id)
    assert (payment.status, payment.reason) == ("failed", "not_at_mobilepay")
    assert len(_jobs(fake_container, jobs.POLL_PAYMENT)) == 1  # a final payment is polled no more
    assert (payment_id, "failed") in fakes.broadcaster.published  # the pending page learns it live
    again = await _start(fake_container)  # the invoice can be paid again
    assert again != payment_id
    await fake_container.bus().handle(CreateVendorPayment(payment_id=payment_id))  # its create job, late
    assert fakes.gateway.creates == []  # a failed payment is never created


async def test_reconcile_applies_the_same_window(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    payment_id = await _start(fake_container)
    clock.advance(minutes=20)
    outcome = await _reconcile(fake_container, payment_id)
    assert outcome.after == "failed"
    assert outcome.actions == (
        ReconcileAction(kind="asked", answer="not_found"),
        ReconcileAction(kind="failed", reason="not_at_mobilepay"),
    )
    assert fakes.gateway.creates == []


async def test_reconcile_within_the_window_creates_it_at_once_on_the_same_key(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    payment_id = await _start(fake_container)
    clock.advance(minutes=5)
    outcome = await _reconcile(fake_container, payment_id)
    assert (outcome.after, [a.kind for a in outcome.actions]) == ("pending", ["asked", "created"])
    await fake_container.bus().handle(CreateVendorPayment(payment_id=payment_id))  # the create job, delivered too
    assert fakes.gateway.creates == [payment_id]


async def test_a_creation_that_lands_after_the_payment_ended_is_cancelled(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    payment_id = await _start(fake_container)
    clock.advance(minutes=20)
    reach_mobilepay = fakes.gateway.create_payment

    async def slow_create(**request: Any) -> str:
        await _poll(fake_container, payment_id)  # while the create call is under way, the poll ends the payment
        return await reach_mobilepay(**request)

    fakes.gateway.create_payment = slow_create  # type: ignore[method-assign]
    await fake_container.bus().handle(CreateVendorPayment(payment_id=payment_id))
    assert fakes.gateway.creates == [payment_id]
    assert (_payment(fake_container, payment_id).status, _payment(fake_container, payment_id).reason) == (
        "failed",
        "not_at_mobilepay",
    )
    assert _jobs(fake_container, jobs.CANCEL_PAYMENT) == [{"payment_id": str(payment_id)}]


# -- an authorised payment ---------------------------------------------------------------------------------------


async def test_reconcile_captures_an_authorised_payment_at_once_and_only_once(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _authorised(fake_container, fakes)
    first = await _reconcile(fake_container, payment_id)
    assert (first.before, first.after, first.invoice_number) == ("pending", "complete", "INV-1")
    assert first.actions == (
        ReconcileAction(kind="asked", answer="authorized"),
        ReconcileAction(kind="captured", amount=TOTAL, currency="DKK"),
    )
    second = await _reconcile(fake_container, payment_id)
    assert (second.before, second.after, second.actions) == ("complete", "complete", ())
    for capture in _jobs(fake_container, jobs.CAPTURE_PAYMENT):  # the worker runs the queued capture too
        await fake_container.bus().handle(CapturePayment(payment_id=payment_id, amount=int(capture["amount"])))
    assert fakes.gateway.captures == [(payment_id, TOTAL)]
    assert (_invoice(fake_container).portal_paid, _invoice(fake_container).outstanding) == (TOTAL, 0)
    assert sum(isinstance(e, PaymentCompleted) for e in _store(fake_container).events) == 1
    assert _jobs(fake_container, jobs.SEND_RECEIPT) == [{"payment_id": str(payment_id)}]


async def test_reconcile_makes_a_capture_queued_earlier_that_no_worker_ran(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _authorised(fake_container, fakes)
    await _poll(fake_container, payment_id)  # learnt of the approval; its capture is queued, and never runs
    assert _jobs(fake_container, jobs.CAPTURE_PAYMENT) == [{"payment_id": str(payment_id), "amount": TOTAL}]
    outcome = await _reconcile(fake_container, payment_id)
    assert (outcome.after, [a.kind for a in outcome.actions]) == ("complete", ["asked", "captured"])
    assert fakes.gateway.captures == [(payment_id, TOTAL)]


async def test_a_worker_capturing_first_is_settled_not_captured_again(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _authorised(fake_container, fakes)
    await _poll(fake_container, payment_id)
    await fakes.gateway.capture(payment_id, amount=TOTAL, currency="DKK")  # the worker's capture, answer lost
    outcome = await _reconcile(fake_container, payment_id)
    assert outcome.actions == (
        ReconcileAction(kind="asked", answer="captured"),
        ReconcileAction(kind="settled", amount=TOTAL, currency="DKK"),
    )
    assert outcome.after == "complete"
    assert fakes.gateway.captures == [(payment_id, TOTAL)]
    assert _invoice(fake_container).portal_paid == TOTAL


async def test_a_capture_refused_because_another_took_the_money_under_the_key_settles_it(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _authorised(fake_container, fakes)
    await _poll(fake_container, payment_id)
    await fakes.gateway.capture(payment_id, amount=TOTAL - 100, currency="DKK")  # another process, another amount
    await fake_container.bus().handle(CapturePayment(payment_id=payment_id, amount=TOTAL))  # refused: same key
    payment = _payment(fake_container, payment_id)
    assert (payment.status, payment.captured) == ("complete", TOTAL - 100)
    # the uncaptured rest of the authorisation is released, once; the payment stays complete
    assert _jobs(fake_container, jobs.CANCEL_PAYMENT) == [{"payment_id": str(payment_id)}]


async def test_nothing_left_to_pay_is_cancelled_at_once(fake_container: Container, fakes: PaymentFakes) -> None:
    payment_id = await _authorised(fake_container, fakes)
    paid = document("invoice", "INV-1", lines=[line(unit_price=400_00)], paid=TOTAL)
    await fake_container.bus().handle(upsert_document(paid))  # paid by bank transfer meanwhile
    outcome = await _reconcile(fake_container, payment_id)
    assert outcome.actions == (
        ReconcileAction(kind="asked", answer="authorized"),
        ReconcileAction(kind="cancelled"),
        ReconcileAction(kind="failed", reason="already_paid"),
    )
    assert fakes.gateway.cancels == [payment_id]
    assert fakes.gateway.captures == []


async def test_a_refused_capture_is_cancelled_at_once(fake_container: Container, fakes: PaymentFakes) -> None:
    payment_id = await _authorised(fake_container, fakes)
    await _poll(fake_container, payment_id)  # capture of the whole amount queued, never run
    fakes.gateway.payments[str(payment_id)].authorized = TOTAL - 1  # MobilePay will refuse that capture
    outcome = await _reconcile(fake_container, payment_id)
    assert outcome.actions == (
        ReconcileAction(kind="asked", answer="authorized"),
        ReconcileAction(kind="capture_refused", reason="amount_exceeds_authorized"),
        ReconcileAction(kind="cancelled"),
        ReconcileAction(kind="failed", reason="capture_failed:amount_exceeds_authorized"),
    )
    assert (fakes.gateway.captures, fakes.gateway.cancels) == ([], [payment_id])


# -- dry run and outages -----------------------------------------------------------------------------------------


async def test_a_dry_run_shows_the_plan_and_changes_nothing(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    authorised = await _authorised(fake_container, fakes)
    store = _store(fake_container)
    before = (copy.deepcopy(store.payments), copy.deepcopy(store.documents), list(store.jobs), list(store.events))
    vendor = copy.deepcopy(fakes.gateway.payments)
    plan = await _reconcile(fake_container, authorised, dry_run=True)
    assert (plan.before, plan.after) == ("pending", "complete")
    assert plan.actions == (
        ReconcileAction(kind="asked", answer="authorized"),
        ReconcileAction(kind="captured", amount=TOTAL, currency="DKK"),
    )
    clock.advance(minutes=20)
    assert (await _reconcile(fake_container, authorised, dry_run=True)).after == "complete"
    assert fakes.gateway.captures == []
    assert fakes.gateway.payments == vendor
    assert _payment(fake_container, authorised).status == "pending"
    assert {k: (p.status, p.captured, p.settled) for k, p in store.payments.items()} == {
        k: (p.status, p.captured, p.settled) for k, p in before[0].items()
    }
    assert _invoice(fake_container).outstanding == TOTAL
    assert (store.jobs, store.events) == (before[2], before[3])


async def test_a_dry_run_of_a_payment_mobilepay_never_received(
    fake_container: Container, fakes: PaymentFakes, clock: FakeClock
) -> None:
    payment_id = await _start(fake_container)
    jobs_before = list(_store(fake_container).jobs)
    clock.advance(minutes=5)
    early = await _reconcile(fake_container, payment_id, dry_run=True)
    assert [a.kind for a in early.actions] == ["asked", "created"]
    clock.advance(minutes=15)
    late = await _reconcile(fake_container, payment_id, dry_run=True)
    assert (late.after, late.actions[-1]) == ("failed", ReconcileAction(kind="failed", reason="not_at_mobilepay"))
    assert fakes.gateway.creates == []
    assert _payment(fake_container, payment_id).status == "pending"
    assert _store(fake_container).jobs == jobs_before


async def test_mobilepay_unreachable_the_poll_comes_back_later_and_reconcile_says_so(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    payment_id = await _start(fake_container)
    fakes.gateway.unavailable = True
    outcome = await _poll(fake_container, payment_id)
    assert (outcome.after, outcome.actions) == ("pending", ())
    assert len(_jobs(fake_container, jobs.POLL_PAYMENT)) == 2
    with pytest.raises(MobilePayUnavailable):
        await _reconcile(fake_container, payment_id)
