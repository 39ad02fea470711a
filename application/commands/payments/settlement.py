"""Applying what MobilePay says to a payment and its invoice, in one unit of work (PRODUCT §6.4, ADR-0018).

Used by the webhook, the poll, the capture and the refund alike, so every path settles the same way.
"""

from __future__ import annotations

import datetime as dt

from application import jobs
from application.commands.documents.credit_allocation import reallocate_credit
from application.ports.unit_of_work import UnitOfWork
from domain.payments.model import NextStep, Payment, VendorFacts
from domain.shared.errors import NotFound

POLL_EVERY = dt.timedelta(seconds=5)


async def apply_facts(uow: UnitOfWork, payment: Payment, facts: VendorFacts, now: dt.datetime) -> None:
    """Observe the facts, settle the invoice by exactly what is owed, and queue the next call and the receipt.

    - The invoice is loaded and changed in the same unit of work as the payment (the one sanctioned exception to
      one aggregate per transaction).
    """
    document = await uow.documents.get(payment.document.id)
    if document is None:
        raise NotFound("the payment's invoice is gone")
    was = payment.status
    step = payment.observe(facts, outstanding=document.outstanding, now=now)
    delta = payment.settle()
    if delta:
        document.settle_portal_payment(delta)
        await reallocate_credit(uow, document, None)
    queue_step(uow, payment, step)
    if was != "complete" and payment.status == "complete":
        uow.outbox.enqueue(jobs.SEND_RECEIPT, {"payment_id": str(payment.id)})


def queue_step(uow: UnitOfWork, payment: Payment, step: NextStep | None) -> None:
    if step is None:
        return
    if step.kind == "capture":
        uow.outbox.enqueue(jobs.CAPTURE_PAYMENT, {"payment_id": str(payment.id), "amount": step.amount})
    else:
        uow.outbox.enqueue(jobs.CANCEL_PAYMENT, {"payment_id": str(payment.id)})


def schedule_poll(uow: UnitOfWork, payment: Payment, now: dt.datetime) -> None:
    """Poll as the vendor advises, until the payment is final (each poll schedules the next)."""
    if not payment.finished:
        uow.outbox.enqueue(jobs.POLL_PAYMENT, {"payment_id": str(payment.id)}, not_before=now + POLL_EVERY)
