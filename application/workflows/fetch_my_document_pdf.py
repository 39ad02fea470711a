"""FetchMyDocumentPdf: a customer's PDF download read (PRODUCT §5, §11): the session, the document and its stored
PDF in one read, the session's idle-time write when due, and a render on demand when the current version is not
stored yet. Whether the bytes are sent (and the download recorded with `RecordMyPdfDownloaded`) is the HTTP
layer's answer to `If-None-Match`.
"""

from __future__ import annotations

import uuid

import msgspec

from application.messagebus import MessageBus
from application.ports.pdf_store import StoredPdf
from application.queries.documents.get_document_pdf import GetDocumentPdf
from application.queries.documents.get_my_document_pdf import GetMyDocumentPdf, MyDocumentPdf
from application.queries.documents.pdf_views import DocumentPdfView
from application.queries.documents.reader import MyPdf
from application.workflows.fetch_document_pdf import FetchDocumentPdf
from application.workflows.use_session import UseSession


class FetchMyDocumentPdf(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    document_id: uuid.UUID


class MyPdfDownload(msgspec.Struct, frozen=True, kw_only=True):
    """The PDF to send (`pdf`, of `view`'s version), and what a download of it records (`mine`)."""

    mine: MyPdf
    view: DocumentPdfView
    pdf: StoredPdf


class FetchMyDocumentPdfHandler:
    """- `GetMyDocumentPdf`: Unauthorized without a live session, NotFound for what the person may not see.
    - The idle-time write when due; `FetchDocumentPdf` (render on demand) when the version is not stored.
    """

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def __call__(self, cmd: FetchMyDocumentPdf) -> MyPdfDownload:
        read = GetMyDocumentPdf(session_id=cmd.session_id, document_id=cmd.document_id)
        mine: MyDocumentPdf = await self._bus.handle(UseSession(query=read))
        view, pdf = mine.pdf.view, mine.pdf.view.pdf
        if pdf is None:
            query = GetDocumentPdf(email=mine.email, document_id=cmd.document_id)
            view, pdf = await self._bus.handle(FetchDocumentPdf(query=query))
        return MyPdfDownload(mine=mine.pdf, view=view, pdf=pdf)
