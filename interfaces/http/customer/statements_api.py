"""The customer's statement of account (PRODUCT §13): `GET /api/v1/statements/{customer_no}` and its PDF."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from application.commands.documents.record_statement_downloaded import RecordStatementDownloaded
from application.messagebus import MessageBus
from application.queries.documents.get_statement import GetStatement
from application.queries.documents.get_statement_pdf import GetStatementPdf, StatementPdfView
from application.queries.documents.statement_views import StatementView
from interfaces.http.customer.session_auth import CustomerPrincipal
from interfaces.http.pdf_response import PDF, statement_download
from interfaces.http.problem_docs import ProblemOperation, problems

#: The statement's currency (PRODUCT §1: DKK or EUR); left out, the MobilePay market's (DK → DKK, FI → EUR).
StatementCurrency = Annotated[
    Literal["DKK", "EUR"] | None,
    QueryParameter(description="DKK or EUR; left out, the currency of the portal's MobilePay market."),
]


class StatementsApiController(Controller):
    path = "/api/v1"
    tags = ["statements"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/statements/{customer_no:str}",
        operation_id="statements.get",
        responses=problems(400, 401, 404, 422, 503),
        operation_class=ProblemOperation,
    )
    async def get_statement(
        self,
        customer_no: FromPath[str],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
        currency: StatementCurrency = None,
    ) -> StatementView:
        """The open items, ageing, unapplied credit and balance of one of the person's customer records.

        A customer_no the person does not own (unknown or someone else's) is 404.
        """
        view: StatementView = await bus.handle(
            GetStatement(email=principal.email, customer_no=customer_no, currency=currency)
        )
        return view

    @get(
        "/statements/{customer_no:str}/pdf",
        media_type=PDF,
        operation_id="statements.pdf",
        responses=problems(400, 401, 404, 422, 503),
        operation_class=ProblemOperation,
    )
    async def get_statement_pdf(
        self,
        customer_no: FromPath[str],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
        currency: StatementCurrency = None,
    ) -> Response[bytes]:
        """The same statement as a PDF (`Statement-C-1001-2026-12-04.pdf`); each download is a
        `statement.downloaded` event.
        """
        view: StatementPdfView = await bus.handle(
            GetStatementPdf(email=principal.email, customer_no=customer_no, currency=currency)
        )
        await bus.handle(
            RecordStatementDownloaded(
                customer_no=view.customer_no, currency=view.currency, as_of=view.as_of, email=principal.email
            )
        )
        return statement_download(view)
