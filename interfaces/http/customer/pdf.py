"""The customer's PDF download (PRODUCT §5, §12): `GET /api/v1/documents/{id}/pdf`."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import HeaderParameter

from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded
from application.messagebus import MessageBus
from application.queries.documents.get_document_pdf import GetDocumentPdf
from domain.shared.errors import NotFound
from interfaces.document_pdf import fetch_pdf
from interfaces.http.customer.session_auth import CustomerPrincipal
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
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
        if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
    ) -> Response[bytes]:
        """The PDF of a document the person may see; 304 on a matching `If-None-Match` (no event).

        Unknown, foreign, withdrawn or malformed ids are all 404.
        """
        try:
            parsed = uuid.UUID(document_id)
        except ValueError:
            raise NotFound("document not found") from None
        view, pdf = await fetch_pdf(bus, GetDocumentPdf(email=principal.email, document_id=parsed))
        if is_not_modified(if_none_match, pdf):
            return not_modified(pdf)
        await bus.handle(RecordPdfDownloaded(document_id=view.document_id, email=principal.email))
        return pdf_download(view, pdf)
