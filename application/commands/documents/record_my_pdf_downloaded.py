"""RecordMyPdfDownloaded: a person downloaded a PDF whose visibility and party were just read with it (PRODUCT §8
`document.pdf_downloaded`), so nothing is loaded again: as `RecordDocumentViewed` does for the detail.
"""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.events import DocumentPdfDownloaded
from domain.shared.events import DocumentRef


class RecordMyPdfDownloaded(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID
    type: str
    number: str
    version: int
    party: str


class RecordMyPdfDownloadedHandler:
    """- Writes the event to the outbox; `party` is the record through which the person sees the document."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RecordMyPdfDownloaded) -> None:
        async with self.uow:
            self.uow.outbox.publish(
                DocumentPdfDownloaded(
                    occurred_at=self._clock.now(),
                    party=cmd.party,
                    document=DocumentRef(id=cmd.document_id, type=cmd.type, number=cmd.number),
                    version=cmd.version,
                )
            )
            await self.uow.commit()
