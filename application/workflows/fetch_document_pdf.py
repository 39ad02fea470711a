"""FetchDocumentPdf: a document's PDF for a download, rendered on demand when not stored yet (PRODUCT §5)."""

from __future__ import annotations

import msgspec

from application.commands.documents.render_document_pdf import RenderDocumentPdf
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.ports.pdf_store import StoredPdf
from application.queries.documents.get_document_pdf import GetDocumentPdf
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from application.queries.documents.pdf_views import DocumentPdfView

#: A version can move on between the query and the render (the render then stores nothing); ask a few times.
ATTEMPTS = 3


class FetchDocumentPdf(msgspec.Struct, frozen=True, kw_only=True):
    """`query`: the customer's (`GetDocumentPdf`) or the staff's (`GetDocumentPdfForStaff`) read of the PDF."""

    query: GetDocumentPdf | GetDocumentPdfForStaff


class FetchDocumentPdfHandler:
    """- The PDF of the document's current version: the query, and when it is absent `RenderDocumentPdf` of that
      version and the query again (STYLE §3: a read that must record something sends a command after it).
    - What the query refuses (NotFound for unknown, foreign or withdrawn documents) propagates unchanged.
    - StoreUnavailable when the PDF is still not stored after ATTEMPTS renders.
    """

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: FetchDocumentPdf) -> tuple[DocumentPdfView, StoredPdf]:
        for _ in range(ATTEMPTS):
            view: DocumentPdfView = await self._bus.handle(cmd.query)
            if view.pdf is not None:
                return view, view.pdf
            await self._bus.handle(RenderDocumentPdf(document_id=view.document_id, version=view.version))
        raise StoreUnavailable("the PDF could not be rendered and stored")
