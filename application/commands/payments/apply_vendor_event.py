"""ApplyVendorEvent: a verified webhook about a payment is a signal to look at it (PRODUCT §6.3-6.4)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

import msgspec
import structlog

from application.commands.payments.settlement import apply_facts
from application.commands.payments.vendor_facts import facts_from_payment
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import MobilePayGateway, MobilePayPaymentNotFound, VendorPayment
from application.ports.payments import StatusBroadcaster, StoredVendorEvent
from application.ports.unit_of_work import UnitOfWork

_log = structlog.get_logger("portal.payments")


class VendorEventInput(msgspec.Struct, frozen=True, kw_only=True):
    reference: str
    name: str
    psp_reference: str
    amount: int
    success: bool
    timestamp: dt.datetime


class ApplyVendorEvent(msgspec.Struct, frozen=True, kw_only=True):
    retry_on_conflict: ClassVar[bool] = True  # idempotent: a concurrent winner makes it look again
    event: VendorEventInput
    source: str = "webhook"


class ApplyVendorEventHandler:
    """- An event for an unknown payment is ignored (the webhook still answers 2xx); so is one MobilePay does not
    know (a webhook cannot add to what MobilePay itself says).
    - The event's own figures are never used: MobilePay's payment aggregate (GET payment) is read and observed,
    so a duplicated, reordered or forged-but-signed event can only make the portal look again. A claim the
    aggregate does not bear out is logged as a warning.
    - Each event is stored once (the log of what was delivered); a repeat still looks, and changes nothing.
    - MobilePay unreachable → MobilePayUnavailable: nothing changes, MobilePay delivers again and the poll looks too.
    Returns whether the event was new.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, gateway: MobilePayGateway, broadcaster: StatusBroadcaster
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._gateway = gateway
        self._broadcaster = broadcaster

    async def __call__(self, cmd: ApplyVendorEvent) -> bool:
        try:
            payment_id = uuid.UUID(cmd.event.reference)
        except ValueError:
            return False
        async with self.uow:
            if await self.uow.payments.get(payment_id) is None:
                return False
        try:
            vendor: VendorPayment | None = await self._gateway.get_payment(payment_id)
        except MobilePayPaymentNotFound:
            vendor = None
        now = self._clock.now()
        async with self.uow:
            payment = await self.uow.payments.get(payment_id)
            if payment is None:
                return False
            fresh = await self.uow.vendor_events.record(payment_id, _stored(cmd.event), source=cmd.source, now=now)
            before = payment.status
            if vendor is None:
                _log.warning("payment.webhook_unknown_to_vendor", payment_id=str(payment_id), name=cmd.event.name)
            else:
                _warn_unless_borne_out(payment_id, cmd.event, vendor)
                await apply_facts(self.uow, payment, facts_from_payment(vendor), now)
            await self.uow.commit()
        if payment.status != before:
            await self._broadcaster.publish(payment.id, payment.status)
        return fresh


def _stored(event: VendorEventInput) -> StoredVendorEvent:
    return StoredVendorEvent(
        name=event.name,
        psp_reference=event.psp_reference,
        amount=event.amount,
        success=event.success,
        occurred_at=event.timestamp,
    )


def _warn_unless_borne_out(payment_id: uuid.UUID, event: VendorEventInput, vendor: VendorPayment) -> None:
    """A successful money event claiming more than MobilePay's running total for it is not borne out."""
    totals = {
        "AUTHORIZED": vendor.aggregate.authorized,
        "CAPTURED": vendor.aggregate.captured,
        "REFUNDED": vendor.aggregate.refunded,
        "CANCELLED": vendor.aggregate.cancelled,
    }
    total = totals.get(event.name)
    if event.success and total is not None and event.amount > total:
        _log.warning(
            "payment.webhook_not_borne_out",
            payment_id=str(payment_id),
            name=event.name,
            claimed=event.amount,
            vendor_total=total,
        )
