"""CancelPayment: release an authorisation the portal will not capture (PRODUCT §6.4, withdrawal §1)."""

from __future__ import annotations

import uuid

import msgspec
import structlog

from application.ports.clock import Clock
from application.ports.mobilepay_gateway import MobilePayGateway, MobilePayRefused
from application.ports.payments import StatusBroadcaster
from application.ports.unit_of_work import UnitOfWork

_log = structlog.get_logger("portal.payments")


class CancelPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID
    reason: str = "cancelled"


class CancelPaymentHandler:
    """- Asks MobilePay to cancel (a refusal, e.g. nothing left to cancel, is logged, not retried); a still-pending
    payment becomes failed with the reason.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: CancelPayment) -> None:
        try:
            await self._gateway.cancel(cmd.payment_id)
        except MobilePayRefused as exc:
            _log.info("payment.cancel_refused", payment_id=str(cmd.payment_id), reason=exc.reason)
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                return
            before = payment.status
            payment.refuse(cmd.reason, self._clock.now())
            await self.uow.commit()
        if payment.status != before:
            await self._broadcaster.publish(payment.id, payment.status)
