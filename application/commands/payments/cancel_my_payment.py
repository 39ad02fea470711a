"""CancelMyPayment: the customer cancels a payment still waiting for approval in the app (PRODUCT §6.7)."""

from __future__ import annotations

import uuid
from typing import ClassVar

import msgspec

from application.commands.payments.cancel_payment import CancelPayment, CancelPaymentHandler
from application.ports.identity import CustomerDirectory
from application.ports.unit_of_work import UnitOfWork
from domain.identity.email_address import EmailAddress
from domain.shared.errors import Conflict, NotFound


class CancelMyPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID
    email: str

    #: it checks state first: run again when MobilePay's own answer (a webhook, a poll) changed the payment meanwhile
    retry_on_conflict: ClassVar[bool] = True


class CancelMyPaymentHandler:
    """- Only a payment of an invoice the person may see (else NotFound, as `GetPayment` answers).
    - Only while it waits for approval: approved (authorised) or final → Conflict (409, PRODUCT §6.7).
    - Then as `CancelPayment`: MobilePay's cancel, and the payment failed with reason `cancelled`.
    """

    def __init__(self, uow: UnitOfWork, directory: CustomerDirectory, cancel: CancelPaymentHandler) -> None:
        self.uow = uow
        self._directory = directory
        self._cancel = cancel

    async def __call__(self, cmd: CancelMyPayment) -> None:
        records = set(await self._directory.records(EmailAddress.of(cmd.email).value))
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            invoice = await self.uow.documents.get(payment.document.id) if payment is not None else None
            if payment is None or invoice is None or not records & {invoice.customer_no, invoice.bill_to_no}:
                raise NotFound("payment not found")
            if not payment.cancellable:
                raise Conflict("the payment can no longer be cancelled")
        await self._cancel(CancelPayment(payment_id=cmd.payment_id, reason="cancelled"))
