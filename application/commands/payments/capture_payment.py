"""CapturePayment: take the authorised money (PRODUCT §6.4), and settle at once from MobilePay's answer."""

from __future__ import annotations

import uuid
from typing import ClassVar

import msgspec

from application.commands.payments.settlement import apply_facts, due_of, invoices_of, queue_step
from application.commands.payments.vendor_facts import facts_from_payment
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import (
    MobilePayGateway,
    MobilePayPaymentNotFound,
    MobilePayRefused,
    VendorPayment,
)
from application.ports.payments import StatusBroadcaster
from application.ports.unit_of_work import UnitOfWork


class CapturePayment(msgspec.Struct, frozen=True, kw_only=True):
    retry_on_conflict: ClassVar[bool] = True  # idempotent: a concurrent winner makes it look again
    payment_id: uuid.UUID
    amount: int


class CapturePaymentHandler:
    """- Takes `amount` (asked for when MobilePay authorised), but no more than the invoices lack now (PRODUCT §13:
      an invoice paid elsewhere meanwhile shrinks the capture; nothing left → cancel, failed `already_paid`).
    - Idempotency-Key `capture-{uuid}`: a retried capture never takes the money twice.
    - A refused capture cancels the authorisation and fails the payment; unreachable → retried by the worker.
    - A refusal is checked against MobilePay's payment first: when the money was captured all the same (a capture
      under the same key by another process, e.g. the worker and an operator's reconcile at once), that capture is
      settled instead.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: CapturePayment) -> None:
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None or payment.status != "pending" or payment.captured > 0:
                return
            currency = payment.currency
            # what the invoices lack now: one may have been paid elsewhere since the capture was asked for
            amount = payment.plan_capture(due_of(await invoices_of(self.uow, payment)), cmd.amount)
            if amount <= 0:
                queue_step(self.uow, payment, payment.nothing_to_capture(self._clock.now()))
            await self.uow.commit()
        if amount <= 0:
            await self._broadcaster.publish(payment.id, payment.status)
            return
        try:
            vendor: VendorPayment | None = await self._gateway.capture(cmd.payment_id, amount=amount, currency=currency)
            refusal: str | None = None
        except MobilePayRefused as exc:
            vendor, refusal = await self._captured_anyway(cmd.payment_id), exc.reason or "refused"
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                return
            before = payment.status
            if vendor is not None:
                await apply_facts(self.uow, payment, facts_from_payment(vendor), now)
            else:
                queue_step(self.uow, payment, payment.capture_failed(str(refusal), now))
            await self.uow.commit()
        if payment.status != before:
            await self._broadcaster.publish(payment.id, payment.status)

    async def _captured_anyway(self, payment_id: uuid.UUID) -> VendorPayment | None:
        try:
            vendor = await self._gateway.get_payment(payment_id)
        except MobilePayPaymentNotFound:
            return None
        return vendor if vendor.aggregate.captured > 0 else None
