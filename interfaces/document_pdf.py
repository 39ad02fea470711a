"""Fetch a document's PDF for the HTTP routes and the CLI: the query, and a render when it is not stored yet."""

from __future__ import annotations

from application.commands.documents.render_document_pdf import RenderDocumentPdf
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.ports.pdf_store import StoredPdf
from application.queries.documents.get_document_pdf import GetDocumentPdf
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from application.queries.documents.pdf_views import DocumentPdfView

# A version can move on between the query and the render (the render then stores nothing); ask a few times.
_ATTEMPTS = 3


async def fetch_pdf(
    bus: MessageBus, query: GetDocumentPdf | GetDocumentPdfForStaff
) -> tuple[DocumentPdfView, StoredPdf]:
    """The PDF of the document's current version, rendering it on demand when absent (PRODUCT §5, STYLE §3).

    - What the query refuses (NotFound for unknown, foreign or withdrawn documents) propagates unchanged.
    - Raises StoreUnavailable if the PDF is still not stored after a few renders.
    """
    for _ in range(_ATTEMPTS):
        view: DocumentPdfView = await bus.handle(query)
        if view.pdf is not None:
            return view, view.pdf
        await bus.handle(RenderDocumentPdf(document_id=view.document_id, version=view.version))
    raise StoreUnavailable("the PDF could not be rendered and stored")
