"""The customer's PDF download (PRODUCT §5, §12): `GET /api/v1/documents/{id}/pdf`."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import HeaderParameter

from application.commands.documents.record_my_pdf_downloaded import RecordMyPdfDownloaded
from application.messagebus import MessageBus
from application.queries.documents.get_document_pdf import GetDocumentPdf
from application.queries.documents.get_my_document_pdf import GetMyDocumentPdf, MyDocumentPdf
from application.workflows.fetch_document_pdf import FetchDocumentPdf
from interfaces.http.customer.session_auth import SessionCookie, touch_when_due
from interfaces.http.path_ids import IdInPath
from interfaces.http.pdf_response import PDF, is_not_modified, not_modified, pdf_download
from interfaces.http.problem_docs import ProblemOperation, problems


class DocumentPdfController(Controller):
    path = "/api/v1"
    tags = ["documents"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/documents/{document_id:str}/pdf",
        media_type=PDF,
        operation_id="documents.pdf",
        responses=problems(304, 400, 401, 404, 503),
        operation_class=ProblemOperation,
    )
    async def get_pdf(
        self,
        document_id: IdInPath,
        bus: NamedDependency[MessageBus],
        session_id: SessionCookie = "",
        if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
    ) -> Response[bytes]:
        """The PDF of a document the person may see; 304 on a matching `If-None-Match` (no event).

        - The session, the document and its stored PDF in one read (`GetMyDocumentPdf`, PRODUCT §11); a version not
          stored yet is rendered on demand (`fetch_pdf`).
        - Unknown, foreign, withdrawn or malformed ids are all 404 (after the session check).
        """
        try:
            parsed = uuid.UUID(document_id)
        except ValueError:
            parsed = uuid.UUID(int=0)  # no document has it: the same 404 as any other, after the session check
        mine: MyDocumentPdf = await bus.handle(GetMyDocumentPdf(session_id=session_id, document_id=parsed))
        await touch_when_due(bus, session_id, needs_touch=mine.needs_touch)
        view, pdf = mine.pdf.view, mine.pdf.view.pdf
        if pdf is None:
            view, pdf = await bus.handle(FetchDocumentPdf(query=GetDocumentPdf(email=mine.email, document_id=parsed)))
        if is_not_modified(if_none_match, pdf):
            return not_modified(pdf)
        source = mine.pdf.source
        await bus.handle(
            RecordMyPdfDownloaded(
                document_id=source.id,
                type=source.type,
                number=source.number,
                version=view.version,
                party=mine.pdf.party,
            )
        )
        return pdf_download(view, pdf)
