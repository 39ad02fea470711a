"""Admin statement route: the business system fetches a customer's statement of account as a PDF (PRODUCT §13)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.commands.documents.record_statement_downloaded import RecordStatementDownloaded
from application.messagebus import MessageBus
from application.queries.documents.get_statement_pdf import GetStaffStatementPdf, StatementPdfView
from interfaces.http.admin.auth import require_api_key
from interfaces.http.customer.statements_api import StatementCurrency
from interfaces.http.pdf_response import PDF, statement_download
from interfaces.http.problem_docs import ProblemOperation, problems


class AdminStatementController(Controller):
    path = "/admin/api/v1"
    guards = [require_api_key]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["admin"]  # noqa: RUF012
    security = [{"apiKey": []}]  # noqa: RUF012

    @get(
        "/customers/{customer_no:str}/statement/pdf",
        media_type=PDF,
        operation_id="admin.customers.statement_pdf",
        responses=problems(400, 401, 404, 422, 503),
        operation_class=ProblemOperation,
    )
    async def get_statement_pdf(
        self, customer_no: FromPath[str], bus: NamedDependency[MessageBus], currency: StatementCurrency = None
    ) -> Response[bytes]:
        """The customer's statement of account as a PDF, the same bytes the customer gets on the same day; each
        download is a `statement.downloaded` event.
        """
        view: StatementPdfView = await bus.handle(GetStaffStatementPdf(customer_no=customer_no, currency=currency))
        await bus.handle(
            RecordStatementDownloaded(customer_no=view.customer_no, currency=view.currency, as_of=view.as_of)
        )
        return statement_download(view)
