"""CancelAndShowPayment: the customer cancels a payment waiting for approval and sees it as it is now (PRODUCT §6.7)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.payments.cancel_my_payment import CancelMyPayment
from application.messagebus import MessageBus
from application.queries.payments.get_payment import GetPayment
from application.queries.payments.payment_views import PaymentView


class CancelAndShowPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID
    email: str


class CancelAndShowPaymentHandler:
    """- `CancelMyPayment`: NotFound for what the person may not see, Conflict once approved or final.
    - Then the payment as stored after the cancel (`GetPayment`): `failed` with reason `cancelled`.
    """

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: CancelAndShowPayment) -> PaymentView:
        await self._bus.handle(CancelMyPayment(payment_id=cmd.payment_id, email=cmd.email))
        view: PaymentView = await self._bus.handle(GetPayment(payment_id=cmd.payment_id, email=cmd.email))
        return view
