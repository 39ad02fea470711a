"""The customer's document API (PRODUCT §4, §12): who am I, my documents, one document."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from application.commands.documents.record_document_viewed import RecordDocumentViewed
from application.input_text import LINE_PATTERN
from application.messagebus import MessageBus
from application.queries.documents.get_my_document import GetMyDocument, MyDocument
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.list_documents import MAX_LIMIT
from application.queries.documents.list_my_documents import ListMyDocuments, MyDocumentPage
from application.queries.documents.views import CustomerBalancesView, DocumentDetailView, DocumentPage
from domain.documents.model import party_seen_through
from interfaces.http.customer.session_auth import CustomerPrincipal, SessionCookie, touch_when_due
from interfaces.http.path_ids import IdInPath
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
        mine: MyDocumentPage = await bus.handle(
            ListMyDocuments(
                session_id=session_id, type=doc_type, status=status, customer=customer, q=q, cursor=cursor, limit=limit
            )
        )
        await touch_when_due(bus, session_id, needs_touch=mine.needs_touch)
        return mine.page

    @get(
        "/documents/{document_id:str}",
        operation_id="documents.get",
        responses=problems(400, 401, 404, 503),
        operation_class=ProblemOperation,
    )
    async def get_document(
        self,
        document_id: IdInPath,
        bus: NamedDependency[MessageBus],
        session_id: SessionCookie = "",
    ) -> DocumentDetailView:
        """The session and the document in one read (`GetMyDocument`, PRODUCT §11), then the view recorded."""
        try:
            parsed = uuid.UUID(document_id)
        except ValueError:
            parsed = uuid.UUID(int=0)  # no document has it: the same 404 as any other, after the session check
        mine: MyDocument = await bus.handle(GetMyDocument(session_id=session_id, document_id=parsed))
        await touch_when_due(bus, session_id, needs_touch=mine.needs_touch)
        view = mine.document
        await bus.handle(
            RecordDocumentViewed(document_id=view.id, type=view.type, number=view.number, party=party_of(view))
        )
        return view


def party_of(view: DocumentDetailView) -> str:
    """The record through which the person sees the document: the customer before the bill-to (PRODUCT §8)."""
    return party_seen_through(
        customer_no=view.customer_no,
        bill_to_no=view.bill_to.customer_no if view.bill_to else None,
        is_customer=view.role in ("customer", "both"),
    )
