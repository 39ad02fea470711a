"""The customer's document API (PRODUCT §4, §12): who am I, my documents, one document."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from application.input_text import LINE_PATTERN
from application.messagebus import MessageBus
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.list_documents import MAX_LIMIT
from application.queries.documents.list_my_documents import ListMyDocuments, MyDocumentPage
from application.queries.documents.views import CustomerBalancesView, DocumentDetailView, DocumentPage
from application.workflows.use_session import UseSession
from application.workflows.view_document import ViewMyDocument
from interfaces.http.customer.session_auth import CustomerPrincipal, SessionCookie
from interfaces.http.problem_docs import ProblemOperation, problems

DocumentType = Literal["quote", "order", "invoice", "credit_note"]
InvoiceStatus = Literal["open", "overdue", "paid"]
#: Free text in a query: one line (PRODUCT §10); absent and empty mean the same.
QueryText = Annotated[str, QueryParameter(pattern=LINE_PATTERN)]


class MeResponse(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    customers: list[CustomerBalancesView]


class DocumentsApiController(Controller):
    path = "/api/v1"
    tags = ["documents"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/me", operation_id="me.get", responses=problems(401, 503), operation_class=ProblemOperation)
    async def me(self, principal: NamedDependency[CustomerPrincipal], bus: NamedDependency[MessageBus]) -> MeResponse:
        customers: list[CustomerBalancesView] = await bus.handle(ListBalances(email=principal.email))
        return MeResponse(email=principal.email, customers=customers)

    @get(
        "/documents",
        operation_id="documents.list",
        responses=problems(401, 422, 503),
        operation_class=ProblemOperation,
    )
    async def list_documents(
        self,
        bus: NamedDependency[MessageBus],
        session_id: SessionCookie = "",
        doc_type: Annotated[DocumentType | None, QueryParameter(name="type")] = None,
        status: Annotated[InvoiceStatus | None, QueryParameter()] = None,
        customer: QueryText = "",
        q: QueryText = "",
        cursor: QueryText = "",
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 25,
    ) -> DocumentPage:
        """The session and the page in one read (`ListMyDocuments`, PRODUCT §11): no principal dependency here."""
        listed = ListMyDocuments(
            session_id=session_id, type=doc_type, status=status, customer=customer, q=q, cursor=cursor, limit=limit
        )
        mine: MyDocumentPage = await bus.handle(UseSession(query=listed))
        return mine.page

    @get(
        "/documents/{document_id:uuid}",
        operation_id="documents.get",
        responses=problems(400, 401, 404, 503),
        operation_class=ProblemOperation,
    )
    async def get_document(
        self,
        document_id: uuid.UUID,
        bus: NamedDependency[MessageBus],
        session_id: SessionCookie = "",
    ) -> DocumentDetailView:
        """The session and the document in one read, then the view recorded (`ViewMyDocument`, PRODUCT §11); an id
        that does not parse is the same 404 as an unknown one (PRODUCT §12).
        """
        view: DocumentDetailView = await bus.handle(ViewMyDocument(session_id=session_id, document_id=document_id))
        return view
