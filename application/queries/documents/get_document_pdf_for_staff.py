"""GetDocumentPdfForStaff: the stored PDF of a document by type and number (admin API, CLI; PRODUCT §5, §7)."""

from __future__ import annotations

import msgspec

from application.ports.pdf_store import PdfStore
from application.queries.documents.pdf_views import DocumentPdfView, pdf_view
from application.queries.documents.reader import DocumentReader
from domain.shared.errors import NotFound


class GetDocumentPdfForStaff(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    number: str


class GetDocumentPdfForStaffHandler:
    """- Unknown and withdrawn documents raise NotFound.
    - Serves the document's current version; `pdf` is None when that version is not stored yet. The query never
      renders: the caller sends `RenderDocumentPdf` and asks again (STYLE §3).
    """

    def __init__(self, reader: DocumentReader, store: PdfStore) -> None:
        self._reader = reader
        self._store = store

    async def __call__(self, query: GetDocumentPdfForStaff) -> DocumentPdfView:
        source = await self._reader.pdf_source_by_number(query.type, query.number)
        if source is None:
            raise NotFound(f"no {query.type} {query.number}")
        return pdf_view(source, await self._store.get(source.id, source.version))
