"""GetDocumentPdf: the stored PDF of a document a signed-in person may see (PRODUCT §5, §12)."""

from __future__ import annotations

from uuid import UUID

import msgspec

from application.ports.pdf_store import PdfStore
from application.queries.documents.pdf_views import DocumentPdfView, pdf_view
from application.queries.documents.reader import DocumentReader
from domain.documents.customer import normalise_email
from domain.shared.errors import NotFound


class GetDocumentPdf(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    document_id: UUID


class GetDocumentPdfHandler:
    """- Visibility exactly as GetDocument: unknown, foreign and withdrawn documents raise the same NotFound.
    - Serves the document's current version; `pdf` is None when that version is not stored yet. The query never
      renders: the caller sends `RenderDocumentPdf` and asks again (STYLE §3).
    """

    def __init__(self, reader: DocumentReader, store: PdfStore) -> None:
        self._reader = reader
        self._store = store

    async def __call__(self, query: GetDocumentPdf) -> DocumentPdfView:
        source = await self._reader.pdf_source_for(normalise_email(query.email), query.document_id)
        if source is None:
            raise NotFound("document not found")
        return pdf_view(source, await self._store.get(source.id, source.version))
