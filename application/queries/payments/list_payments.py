"""ListPayments and ShowPayment: staff views of payments (PRODUCT §6.6 `portal payments list|show`)."""

from __future__ import annotations

import uuid

import msgspec

from application.queries.payments.payment_views import PaymentDetailView, PaymentReader
from domain.shared.errors import NotFound


class ListPayments(msgspec.Struct, frozen=True, kw_only=True):
    status: str | None = None
    limit: int = 100


class ListPaymentsHandler:
    def __init__(self, reader: PaymentReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListPayments) -> list[PaymentDetailView]:
        return await self._reader.list_payments(status=query.status, limit=max(1, min(query.limit, 10_000)))


class ListUnfinishedPayments(msgspec.Struct, frozen=True, kw_only=True):
    pass


class ListUnfinishedPaymentsHandler:
    def __init__(self, reader: PaymentReader) -> None:
        self._reader = reader

    async def __call__(self, _query: ListUnfinishedPayments) -> list[uuid.UUID]:
        return await self._reader.unfinished_ids()


class ShowPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID


class ShowPaymentHandler:
    def __init__(self, reader: PaymentReader) -> None:
        self._reader = reader

    async def __call__(self, query: ShowPayment) -> PaymentDetailView:
        view = await self._reader.detail(query.payment_id)
        if view is None:
            raise NotFound(f"no payment {query.payment_id}")
        return view
