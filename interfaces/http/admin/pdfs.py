"""Admin PDF route: the business system fetches the PDF of a document (PRODUCT §5, §12)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, HeaderParameter

from application.commands.documents.record_pdf_downloaded import RecordPdfDownloaded
from application.messagebus import MessageBus
from application.queries.documents.get_document_pdf_for_staff import GetDocumentPdfForStaff
from application.workflows.fetch_document_pdf import FetchDocumentPdf
from interfaces.http.admin.auth import require_api_key
from interfaces.http.admin.imports import DocType
from interfaces.http.pdf_response import PDF, is_not_modified, not_modified, pdf_download
from interfaces.http.problem_docs import ProblemOperation, problems


class AdminPdfController(Controller):
    path = "/admin/api/v1"
    guards = [require_api_key]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["admin"]  # noqa: RUF012
    security = [{"apiKey": []}]  # noqa: RUF012

    @get(
        "/documents/{doc_type:str}/{number:str}/pdf",
        media_type=PDF,
        operation_id="admin.documents.pdf",
        responses=problems(304, 400, 401, 404, 422, 503),
        operation_class=ProblemOperation,
    )
    async def get_pdf(
        self,
        doc_type: DocType,
        number: FromPath[str],
        bus: NamedDependency[MessageBus],
        if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
    ) -> Response[bytes]:
        """The PDF of the current version; 304 on a matching `If-None-Match` (no event), else a download."""
        view, pdf = await bus.handle(FetchDocumentPdf(query=GetDocumentPdfForStaff(type=doc_type, number=number)))
        if is_not_modified(if_none_match, pdf):
            return not_modified(pdf)
        await bus.handle(RecordPdfDownloaded(document_id=view.document_id))
        return pdf_download(view, pdf)
