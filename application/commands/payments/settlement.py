"""Applying what MobilePay says to a payment and its invoice, in one unit of work (PRODUCT §6.4, ADR-0018).

Used by the webhook, the poll, the capture and the refund alike, so every path settles the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid

import structlog

from application import jobs
from application.commands.documents.credit_allocation import reallocate_credit
from application.ports.unit_of_work import UnitOfWork
from domain.documents.model import Document
from domain.payments.model import ImplausibleVendorFacts, InvoiceDue, NextStep, Payment, VendorFacts
from domain.shared.errors import NotFound

POLL_EVERY = dt.timedelta(seconds=5)
#: The next poll while MobilePay cannot be reached: the chain of polls outlives an outage of any length.
POLL_AFTER_OUTAGE = dt.timedelta(seconds=30)
_log = structlog.get_logger("portal.payments")


async def apply_facts(uow: UnitOfWork, payment: Payment, facts: VendorFacts, now: dt.datetime) -> NextStep | None:
    """Observe the facts, settle each of its invoices by exactly what is owed, and queue the next call and the
    receipt.

    - The invoices are loaded and changed in the same unit of work as the payment (the one sanctioned exception to
      one aggregate per transaction), in the payment's allocation order, and the payment is read again after them
      (see below).
    - Facts that break the payment's invariants (more captured than authorised, more refunded than captured, a
      second capture) change nothing and are logged as a warning.
    - Returns the next call it queued (capture or cancel), for a caller that also makes it at once.
    """
    invoices = await invoices_of(uow, payment)
    # The payment once more, after its invoices: where the store has no row locks (SQLite, embedded mode) a payment
    # read before another unit of work settled it, beside an invoice read after, would settle the capture twice. In
    # this order a stale invoice meets a fresh payment, which owes it nothing, and a write on a stale row is a
    # ConcurrencyConflict (retried). The repository refreshes the same object in place.
    await uow.payments.get(payment.id)
    was = payment.status
    try:
        step = payment.observe(facts, due=due_of(invoices), now=now)
    except ImplausibleVendorFacts as exc:
        _log.warning("payment.vendor_facts_refused", payment_id=str(payment.id), problem=exc.message)
        return None
    for document_id, delta in payment.settle().items():
        document = invoices[document_id]
        document.settle_portal_payment(delta)
        await reallocate_credit(uow, document, None)
    queue_step(uow, payment, step)
    if was != "complete" and payment.status == "complete":
        uow.outbox.enqueue(jobs.SEND_RECEIPT, {"payment_id": str(payment.id)})
    return step


async def invoices_of(uow: UnitOfWork, payment: Payment) -> dict[uuid.UUID, Document]:
    """The invoices the payment pays, by id, loaded in this unit of work."""
    invoices: dict[uuid.UUID, Document] = {}
    for allocation in payment.allocations:
        document = await uow.documents.get(allocation.document.id)
        if document is None:
            raise NotFound(f"the payment's invoice {allocation.document.number} is gone")
        invoices[document.id] = document
    return invoices


def due_of(invoices: dict[uuid.UUID, Document]) -> dict[uuid.UUID, InvoiceDue]:
    """What each invoice lacks now, and how much more portal money it can take at all."""
    return {
        document_id: InvoiceDue(outstanding=document.outstanding, room=document.total - document.portal_paid)
        for document_id, document in invoices.items()
    }


def queue_step(uow: UnitOfWork, payment: Payment, step: NextStep | None) -> None:
    if step is None:
        return
    if step.kind == "capture":
        uow.outbox.enqueue(jobs.CAPTURE_PAYMENT, {"payment_id": str(payment.id), "amount": step.amount})
    else:
        uow.outbox.enqueue(jobs.CANCEL_PAYMENT, {"payment_id": str(payment.id)})


def schedule_poll(uow: UnitOfWork, payment: Payment, now: dt.datetime, *, after: dt.timedelta = POLL_EVERY) -> None:
    """Poll as the vendor advises, until the payment is final (each poll schedules the next)."""
    if not payment.finished:
        uow.outbox.enqueue(jobs.POLL_PAYMENT, {"payment_id": str(payment.id)}, not_before=now + after)
