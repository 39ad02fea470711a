"""RecordPaymentPageOpened: a person opened the payment page of an invoice (PRODUCT §6.1, §8)."""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.payments.events import PaymentPageOpened
from domain.shared.events import DocumentRef


class RecordPaymentPageOpened(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID
    number: str
    party: str


class RecordPaymentPageOpenedHandler:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RecordPaymentPageOpened) -> None:
        async with self.uow:
            self.uow.outbox.publish(
                PaymentPageOpened(
                    occurred_at=self._clock.now(),
                    party=cmd.party,
                    document=DocumentRef(id=cmd.document_id, type="invoice", number=cmd.number),
                )
            )
            await self.uow.commit()
