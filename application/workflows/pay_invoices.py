"""PayInvoices: a customer pays an invoice (or part of it) or several with MobilePay, in one request (PRODUCT §13)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.start_payment import PaymentAccepted, StartPayment
from application.messagebus import MessageBus


class PayInvoices(msgspec.Struct, frozen=True, kw_only=True):
    """`amount` only for one invoice (else each one's whole outstanding), as `StartPayment`."""

    invoices: tuple[uuid.UUID, ...]
    email: str
    phone: str
    amount: int | None = None


class PayInvoicesHandler:
    """- Stores the pending Payment (`StartPayment`); what it refuses propagates unchanged: NotFound, Conflict naming
      the unfinished payment's `payment_id`, InvalidPayment naming the field or invoice.
    - Then asks MobilePay at once (`CreateVendorPayment(at_once=True)`), which never raises: once stored, the payment
      is accepted whatever that attempt meets, and the create job written with it retries on the same key.
    """

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: PayInvoices) -> PaymentAccepted:
        accepted: PaymentAccepted = await self._bus.handle(
            StartPayment(invoices=cmd.invoices, email=cmd.email, phone=cmd.phone, amount=cmd.amount)
        )
        await self._bus.handle(CreateVendorPayment(payment_id=accepted.id, at_once=True))
        return accepted
