"""The customer's document API (PRODUCT §4, §12): who am I, my documents, one document."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from application.commands.documents.record_document_viewed import RecordDocumentViewed
from application.messagebus import MessageBus
from application.queries.documents.get_document import GetDocument
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.list_documents import ListDocuments
from application.queries.documents.views import CustomerBalancesView, DocumentDetailView, DocumentPage
from domain.shared.errors import NotFound
from interfaces.http.customer.session_auth import CustomerPrincipal


class MeResponse(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    customers: list[CustomerBalancesView]


class DocumentsApiController(Controller):
    path = "/api/v1"
    tags = ["documents"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/me")
    async def me(self, principal: NamedDependency[CustomerPrincipal], bus: NamedDependency[MessageBus]) -> MeResponse:
        customers: list[CustomerBalancesView] = await bus.handle(ListBalances(email=principal.email))
        return MeResponse(email=principal.email, customers=customers)

    @get("/documents")
    async def list_documents(
        self,
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
        doc_type: Annotated[str | None, QueryParameter(name="type")] = None,
        status: Annotated[str | None, QueryParameter()] = None,
        customer: Annotated[str | None, QueryParameter()] = None,
        q: Annotated[str | None, QueryParameter()] = None,
        cursor: Annotated[str | None, QueryParameter()] = None,
        limit: Annotated[int, QueryParameter()] = 25,
    ) -> DocumentPage:
        page: DocumentPage = await bus.handle(
            ListDocuments(
                email=principal.email, type=doc_type, status=status, customer=customer, q=q, cursor=cursor, limit=limit
            )
        )
        return page

    @get("/documents/{document_id:str}")
    async def get_document(
        self, document_id: str, principal: NamedDependency[CustomerPrincipal], bus: NamedDependency[MessageBus]
    ) -> DocumentDetailView:
        try:
            parsed = uuid.UUID(document_id)
        except ValueError:
            raise NotFound("document not found") from None
        view: DocumentDetailView = await bus.handle(GetDocument(email=principal.email, document_id=parsed))
        await bus.handle(
            RecordDocumentViewed(document_id=view.id, type=view.type, number=view.number, party=party_of(view))
        )
        return view


def party_of(view: DocumentDetailView) -> str:
    """The record through which the person sees the document: the customer before the bill-to (PRODUCT §8)."""
    if view.role in ("customer", "both") or view.bill_to is None:
        return view.customer_no
    return view.bill_to.customer_no
