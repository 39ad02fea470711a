"""CreateVendorPayment: ask MobilePay to push the payment request to the phone (PRODUCT §6.2)."""

from __future__ import annotations

import uuid
from typing import ClassVar

import msgspec
import structlog

from application.commands.payments.settlement import queue_step
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import MobilePayGateway, MobilePayRefused
from application.ports.payments import StatusBroadcaster
from application.ports.unit_of_work import UnitOfWork
from domain.payments.model import NextStep

_log = structlog.get_logger("portal.payments")


class CreateVendorPayment(msgspec.Struct, frozen=True, kw_only=True):
    """`at_once`: the attempt made right after the start, in the customer's request (see the handler)."""

    retry_on_conflict: ClassVar[bool] = True  # idempotent: a concurrent winner makes it look again

    payment_id: uuid.UUID
    at_once: bool = False


class CreateVendorPaymentHandler:
    """- Idempotent: the payment's UUID is the reference and the Idempotency-Key, so a retry never makes a second
    payment; a payment already created or finished is left alone.
    - A refusal fails the payment with MobilePay's reason; unreachable → MobilePayUnavailable (the worker retries).
    - Polling started with the payment (StartPayment). A payment that ended while its creation was under way (e.g.
      failed as never received by MobilePay) has what MobilePay just created cancelled.
    - `at_once` is only an optimisation of the create job the start wrote to the outbox with the Payment: whatever
    goes wrong (MobilePay unreachable, the database, a race with that job) is logged and left to the job, which
    retries on the same key. It never raises, so the start's answer stays 201.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: CreateVendorPayment) -> None:
        if not cmd.at_once:
            await self._create(cmd.payment_id)
            return
        try:
            await self._create(cmd.payment_id)
        except Exception as exc:  # noqa: BLE001 - the Payment is committed and its create job is queued (see above)
            _log.warning("payment.create_deferred", payment_id=str(cmd.payment_id), error=type(exc).__name__)

    async def _create(self, payment_id: uuid.UUID) -> None:
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None or payment.finished or payment.created_at_vendor:
                return
            amount, currency, phone, description = payment.amount, payment.currency, payment.phone, payment.description
        try:
            await self._gateway.create_payment(
                payment_id=payment_id,
                amount=amount,
                currency=currency,
                phone_number=phone,
                description=description,
            )
        except MobilePayRefused as exc:
            await self._refused(payment_id, exc.reason or "refused")
            return
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                return
            payment.acknowledge(now)
            if payment.finished:
                queue_step(self.uow, payment, NextStep(kind="cancel"))
            await self.uow.commit()

    async def _refused(self, payment_id: uuid.UUID, reason: str) -> None:
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                return
            payment.refuse(reason, self._clock.now())
            await self.uow.commit()
        await self._broadcaster.publish(payment_id, payment.status)
