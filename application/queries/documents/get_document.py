"""GetDocument: one document's detail for a person who may see it (PRODUCT §4, §12)."""

from __future__ import annotations

from uuid import UUID

import msgspec

from application.ports.clock import Clock
from application.queries.documents.reader import DocumentReader
from application.queries.documents.views import DocumentDetailView
from domain.documents.customer import normalise_email
from domain.shared.clock import business_date
from domain.shared.errors import NotFound


class GetDocument(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    document_id: UUID


class GetDocumentHandler:
    """- Unknown, foreign and withdrawn documents all raise the same NotFound (existence is never revealed)."""

    def __init__(self, reader: DocumentReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def __call__(self, query: GetDocument) -> DocumentDetailView:
        view = await self._reader.detail_for(
            normalise_email(query.email), query.document_id, today=business_date(self._clock.now())
        )
        if view is None:
            raise NotFound("document not found")
        return view
