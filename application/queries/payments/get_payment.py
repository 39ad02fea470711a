"""GetPayment: a payment's status for the person paying (PRODUCT §6.5, §12)."""

from __future__ import annotations

import uuid

import msgspec

from application.queries.payments.payment_views import PaymentReader, PaymentView
from domain.identity.email_address import EmailAddress
from domain.shared.errors import NotFound


class GetPayment(msgspec.Struct, frozen=True, kw_only=True):
    payment_id: uuid.UUID
    email: str


class GetPaymentHandler:
    """- Unknown or not the person's → NotFound."""

    def __init__(self, reader: PaymentReader) -> None:
        self._reader = reader

    async def __call__(self, query: GetPayment) -> PaymentView:
        view = await self._reader.visible_to(query.payment_id, EmailAddress.of(query.email).value)
        if view is None:
            raise NotFound("payment not found")
        return view
