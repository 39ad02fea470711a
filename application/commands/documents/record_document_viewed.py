"""RecordDocumentViewed: a person opened a document's detail (PRODUCT §8 `document.viewed`)."""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.events import DocumentViewed
from domain.shared.events import DocumentRef


class RecordDocumentViewed(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID
    type: str
    number: str
    party: str


class RecordDocumentViewedHandler:
    """- Writes the event to the outbox; `party` is the record through which the person sees the document."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RecordDocumentViewed) -> None:
        async with self.uow:
            self.uow.outbox.publish(
                DocumentViewed(
                    occurred_at=self._clock.now(),
                    party=cmd.party,
                    document=DocumentRef(id=cmd.document_id, type=cmd.type, number=cmd.number),
                )
            )
            await self.uow.commit()
