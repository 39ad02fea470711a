"""RecordPdfDownloaded: a PDF was handed out; write `document.pdf_downloaded` (PRODUCT §5, §8)."""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.customer import normalise_email
from domain.documents.events import DocumentPdfDownloaded
from domain.documents.model import Document
from domain.shared.errors import NotFound


class RecordPdfDownloaded(msgspec.Struct, frozen=True, kw_only=True):
    """`email` is the signed-in person's address, or None for staff (admin API, CLI)."""

    document_id: uuid.UUID
    email: str | None = None


class RecordPdfDownloadedHandler:
    """Writes the event to the outbox; sent after a download (200), never for a 304.

    - `party` is the customer record through which the person sees the document: the customer before the
      bill-to. For staff it is the document's customer.
    - A document the person may not see (unknown, foreign, withdrawn) raises NotFound and records nothing.
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
            party = document.customer_no if cmd.email is None else await self._party_of(document, cmd.email)
            self.uow.outbox.publish(
                DocumentPdfDownloaded(
                    occurred_at=self._clock.now(), party=party, document=document.ref, version=document.version
                )
            )
            await self.uow.commit()

    async def _party_of(self, document: Document, email: str) -> str:
        wanted = normalise_email(email)
        for customer_no in (document.customer_no, document.bill_to_no):
            if customer_no is None:
                continue
            record = await self.uow.customers.get(customer_no)
            if record is not None and wanted and record.email_normalised == wanted:
                return customer_no
        raise NotFound("document not found")
