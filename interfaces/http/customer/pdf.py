"""The customer's PDF download (PRODUCT §5, §12): `GET /api/v1/documents/{id}/pdf`."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import HeaderParameter

from application.commands.documents.record_my_pdf_downloaded import RecordMyPdfDownloaded
from application.messagebus import MessageBus
from application.workflows.fetch_my_document_pdf import FetchMyDocumentPdf, MyPdfDownload
from interfaces.http.customer.session_auth import SessionCookie
from interfaces.http.pdf_response import PDF, is_not_modified, not_modified, pdf_download
from interfaces.http.problem_docs import ProblemOperation, problems


class DocumentPdfController(Controller):
    path = "/api/v1"
    tags = ["documents"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/documents/{document_id:uuid}/pdf",
        media_type=PDF,
        operation_id="documents.pdf",
        responses=problems(304, 400, 401, 404, 503),
        operation_class=ProblemOperation,
    )
    async def get_pdf(
        self,
        document_id: uuid.UUID,
        bus: NamedDependency[MessageBus],
        session_id: SessionCookie = "",
        if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
    ) -> Response[bytes]:
        """The PDF of a document the person may see (`FetchMyDocumentPdf`: one read, rendered on demand when not
        stored yet); 304 on a matching `If-None-Match`, with no event; else the bytes and `RecordMyPdfDownloaded`.
        Unknown, foreign, withdrawn or malformed ids are all 404.
        """
        download: MyPdfDownload = await bus.handle(FetchMyDocumentPdf(session_id=session_id, document_id=document_id))
        view, pdf, source = download.view, download.pdf, download.mine.source
        if is_not_modified(if_none_match, pdf):
            return not_modified(pdf)
        await bus.handle(
            RecordMyPdfDownloaded(
                document_id=source.id,
                type=source.type,
                number=source.number,
                version=view.version,
                party=download.mine.party,
            )
        )
        return pdf_download(view, pdf)
