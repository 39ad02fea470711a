"""ReconcilePayment: ask MobilePay about one unfinished payment and repair local state (polling, §6.3, §6.6)."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.payments.settlement import apply_facts, schedule_poll
from application.commands.payments.vendor_facts import facts_from_events
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import MobilePayGateway, MobilePayPaymentNotFound
from application.ports.payments import StatusBroadcaster, StoredVendorEvent
from application.ports.unit_of_work import UnitOfWork


class ReconcilePayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID
    keep_polling: bool = True


class ReconcilePaymentHandler:
    """- Reads MobilePay's event log, stores each event once, and applies the same facts a webhook would.
    - A payment MobilePay never received (not found) is created again on the same key by the create job; here it
      is left pending. With `keep_polling`, an unfinished payment is polled again later.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: ReconcilePayment) -> str | None:
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None or payment.finished:
                return payment.status if payment is not None else None
        try:
            events = await self._gateway.list_events(cmd.payment_id)
        except MobilePayPaymentNotFound:
            events = []
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(cmd.payment_id)
            if payment is None:
                return None
            before = payment.status
            for event in events:
                await self.uow.vendor_events.record(
                    payment.id,
                    StoredVendorEvent(
                        name=event.name,
                        psp_reference=event.psp_reference,
                        amount=event.amount,
                        success=event.success,
                        occurred_at=event.timestamp,
                    ),
                    source="poll",
                    now=now,
                )
            await apply_facts(
                self.uow, payment, facts_from_events(await self.uow.vendor_events.all_for(payment.id)), now
            )
            if cmd.keep_polling:
                schedule_poll(self.uow, payment, now)
            await self.uow.commit()
        if payment.status != before:
            await self._broadcaster.publish(payment.id, payment.status)
        return payment.status
