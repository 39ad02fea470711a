"""SendReceipt: the customer's receipt email after a captured payment (PRODUCT §6.4)."""

from __future__ import annotations

import uuid

import msgspec

from application.mail.message_ids import mail_message_id
from application.mail.receipt_email import compose_receipt_email
from application.ports.clock import Clock
from application.ports.identity import CustomerDirectory
from application.ports.mailer import Mailer
from application.ports.unit_of_work import UnitOfWork


class SendReceipt(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID


class SendReceiptHandler:
    """- To the address that paid, in the locale of its customer record; Message-ID derived from the payment."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        mailer: Mailer,
        directory: CustomerDirectory,
        brand: str,
        mail_from: str,
        contact: str | None = None,
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._mailer = mailer
        self._directory = directory
        self._brand = brand
        self._contact = contact
        self._mail_from = mail_from

    async def __call__(self, cmd: SendReceipt) -> None:
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is not None and payment.captured > 0:
                record = await self._directory.first_record(payment.email)
                await self._mailer.send(
                    compose_receipt_email(
                        to=payment.email,
                        locale=record[1] if record else "da",
                        brand=self._brand,
                        contact=self._contact,
                        invoices=[(a.document.number, a.captured) for a in payment.allocations if a.captured > 0],
                        amount_minor=payment.captured,
                        currency=payment.currency,
                        paid_at=self._clock.now(),
                        reference=str(payment.id),
                        message_id=mail_message_id(purpose="receipt", key=str(payment.id), mail_from=self._mail_from),
                    )
                )
            await self.uow.commit()
