"""RecordPdfDownloaded: staff were handed a PDF (admin API, CLI); write `document.pdf_downloaded` (PRODUCT §5, §8).

A customer's download reads its visibility and party with the bytes and records through `RecordMyPdfDownloaded`.
"""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.events import DocumentPdfDownloaded
from domain.shared.errors import NotFound


class RecordPdfDownloaded(msgspec.Struct, frozen=True, kw_only=True):
    document_id: uuid.UUID


class RecordPdfDownloadedHandler:
    """Writes the event to the outbox; sent after a download (200), never for a 304.

    - `party` is the document's customer; an unknown or withdrawn document raises NotFound and records nothing.
    - The event carries the version that was downloaded.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RecordPdfDownloaded) -> None:
        async with self.uow:
            document = await self.uow.documents.get(cmd.document_id)
            if document is None or document.withdrawn:
                raise NotFound("document not found")
            self.uow.outbox.publish(
                DocumentPdfDownloaded(
                    occurred_at=self._clock.now(),
                    party=document.customer_no,
                    document=document.ref,
                    version=document.version,
                )
            )
            await self.uow.commit()
