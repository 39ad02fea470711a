"""RefundPayment: staff give back (part of) a completed payment (PRODUCT §6.4, §6.6)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.payments.settlement import apply_facts
from application.commands.payments.vendor_facts import facts_from_payment
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import MobilePayGateway
from application.ports.payments import StatusBroadcaster
from application.ports.unit_of_work import UnitOfWork
from domain.payments.model import InvalidPayment
from domain.shared.errors import NotFound


class RefundPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID
    amount: int | None = None


class RefundPaymentHandler:
    """- Only a complete payment, at most what is captured and not yet refunded (all of it by default).
    - The Idempotency-Key names the payment and how much was refunded before, so a retry refunds once.
    - The invoice's portal-paid falls by the refund in the same unit of work (PRODUCT §1).
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: RefundPayment) -> str:
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                raise NotFound(f"no payment {cmd.payment_id}")
            left = payment.captured - payment.refunded
            amount = left if cmd.amount is None else cmd.amount
            if payment.status != "complete" or not 0 < amount <= left:
                raise InvalidPayment(
                    f"nothing to refund, or more than the {left} left", [("/amount", f"between 1 and {left}")]
                )
            key = f"refund-{payment.id}-{payment.refunded}"
            currency = payment.currency
        vendor = await self._gateway.refund(cmd.payment_id, amount=amount, currency=currency, idempotency_key=key)
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                raise NotFound(f"no payment {cmd.payment_id}")
            await apply_facts(self.uow, payment, facts_from_payment(vendor), self._clock.now())
            await self.uow.commit()
        await self._broadcaster.publish(payment.id, payment.status)
        return payment.status
