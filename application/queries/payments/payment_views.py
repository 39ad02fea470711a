"""The PaymentReader port and its views (PRODUCT §12 `GET /api/v1/payments/{id}`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

import msgspec

from domain.payments.model import approval_deadline


class AllocationView(msgspec.Struct, frozen=True, kw_only=True):
    """An invoice the payment pays (PRODUCT §13): its share, captured once the payment was, else asked."""

    document_id: uuid.UUID
    number: str
    amount: int


class PaymentView(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    document_id: uuid.UUID
    amount: int
    currency: str
    status: str
    reason: str | None
    phone: str  # where the request went (the person's own number, PRODUCT §6.7)
    created_at: dt.datetime
    allocations: list[AllocationView] = []  # oldest due first; `document_id` is the first one's

    @property
    def approve_by(self) -> dt.datetime:
        """Until when the request can be approved in the app (meaningful while pending)."""
        return approval_deadline(self.created_at)


class PaymentDetailView(PaymentView, frozen=True, kw_only=True):
    invoice_number: str
    captured: int
    refunded: int
    updated_at: dt.datetime


class PaymentReader(Protocol):
    """- `visible_to` answers only when the person may see the payment's invoice (PRODUCT §1)."""

    async def visible_to(self, payment_id: uuid.UUID, email: str) -> PaymentView | None: ...

    async def detail(self, payment_id: uuid.UUID) -> PaymentDetailView | None: ...

    async def list_payments(self, *, status: str | None, limit: int) -> list[PaymentDetailView]: ...

    async def unfinished_ids(self) -> list[uuid.UUID]: ...
