"""ApplyVendorEvent: a verified webhook (or a polled event) about a payment (PRODUCT §6.3-6.4)."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from application.commands.payments.settlement import apply_facts
from application.commands.payments.vendor_facts import facts_from_events
from application.ports.clock import Clock
from application.ports.payments import StatusBroadcaster, StoredVendorEvent
from application.ports.unit_of_work import UnitOfWork


class VendorEventInput(msgspec.Struct, frozen=True, kw_only=True):
    reference: str
    name: str
    psp_reference: str
    amount: int
    success: bool
    timestamp: dt.datetime


class ApplyVendorEvent(msgspec.Struct, frozen=True, kw_only=True):
    event: VendorEventInput
    source: str = "webhook"


class ApplyVendorEventHandler:
    """- An event for an unknown payment is ignored (the webhook still answers 2xx).
    - Each event is stored once; a repeat changes nothing. Facts are totals over the stored events, so any order
      of arrival settles the same, exactly once.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, broadcaster: StatusBroadcaster) -> None:
        self.uow = uow
        self._clock = clock
        self._broadcaster = broadcaster

    async def __call__(self, cmd: ApplyVendorEvent) -> bool:
        try:
            payment_id = uuid.UUID(cmd.event.reference)
        except ValueError:
            return False
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                return False
            stored = StoredVendorEvent(
                name=cmd.event.name,
                psp_reference=cmd.event.psp_reference,
                amount=cmd.event.amount,
                success=cmd.event.success,
                occurred_at=cmd.event.timestamp,
            )
            if not await self.uow.vendor_events.record(payment_id, stored, source=cmd.source, now=now):
                return False
            before = payment.status
            await apply_facts(
                self.uow, payment, facts_from_events(await self.uow.vendor_events.all_for(payment_id)), now
            )
            await self.uow.commit()
        if payment.status != before:
            await self._broadcaster.publish(payment.id, payment.status)
        return True
