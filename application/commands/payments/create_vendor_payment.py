"""CreateVendorPayment: ask MobilePay to push the payment request to the phone (PRODUCT §6.2)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.payments.settlement import schedule_poll
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import MobilePayGateway, MobilePayRefused
from application.ports.payments import StatusBroadcaster
from application.ports.unit_of_work import UnitOfWork


class CreateVendorPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID


class CreateVendorPaymentHandler:
    """- Idempotent: the payment's UUID is the reference and the Idempotency-Key, so a retry never makes a second
    payment; a payment already created or finished is left alone.
    - A refusal fails the payment with MobilePay's reason; unreachable → MobilePayUnavailable (the worker retries).
    - After creation, polling starts as the vendor advises.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: CreateVendorPayment) -> None:
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None or payment.finished or payment.created_at_vendor:
                return
            amount, currency, phone, number = payment.amount, payment.currency, payment.phone, payment.document.number
        try:
            await self._gateway.create_payment(
                payment_id=cmd.payment_id,
                amount=amount,
                currency=currency,
                phone_number=phone,
                description=f"Faktura {number}",
            )
        except MobilePayRefused as exc:
            await self._refused(cmd.payment_id, exc.reason or "refused")
            return
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                return
            payment.acknowledge(now)
            schedule_poll(self.uow, payment, now)
            await self.uow.commit()

    async def _refused(self, payment_id: uuid.UUID, reason: str) -> None:
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                return
            payment.refuse(reason, self._clock.now())
            await self.uow.commit()
        await self._broadcaster.publish(payment_id, payment.status)
