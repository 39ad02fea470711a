"""Ports of the payments context."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Protocol

import msgspec

from domain.payments.model import Payment


class StoredVendorEvent(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    psp_reference: str
    amount: int
    success: bool
    occurred_at: dt.datetime


class PaymentRepository(Protocol):
    """- `get` locks the payment until the unit of work ends (webhook, poll and capture queue per payment)."""

    def add(self, payment: Payment) -> None: ...

    async def get(self, payment_id: uuid.UUID) -> Payment | None: ...

    async def pending_for(self, document_id: uuid.UUID) -> Payment | None:
        """The unfinished payment that includes this invoice, if any (at most one)."""
        ...

    async def holding(self, document_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """Of these invoices, those an unfinished payment includes: invoice id → that payment's id."""
        ...


class VendorEventStore(Protocol):
    """Each vendor event is stored once, whichever way (webhook or poll) and however often it arrives.

    - A log only: amounts are read from MobilePay's payment aggregate, never summed from stored events (ADR-0022).
    """

    async def record(self, payment_id: uuid.UUID, event: StoredVendorEvent, *, source: str, now: dt.datetime) -> bool:
        """Store the event; False when it was stored before."""
        ...


class StatusBroadcaster(Protocol):
    """Tells every server process that a payment's status changed (for the live page, PRODUCT §6.5)."""

    async def publish(self, payment_id: uuid.UUID, status: str) -> None: ...
