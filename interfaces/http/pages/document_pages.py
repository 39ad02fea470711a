"""The customer's documents as pages (PRODUCT §4, §12): `/` → `/documents`, the list, and one document."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from application.messagebus import MessageBus
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.list_documents import STATUSES, TYPES, ListDocuments
from application.queries.documents.views import CustomerBalancesView, DocumentDetailView, DocumentPage
from application.workflows.view_document import ViewDocument
from domain.shared.errors import DomainError, NotFound
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.open_invoices import open_invoices
from interfaces.http.pages.sign_in_navigation import to_login
from interfaces.http.pages.site import NO_STORE, PageSite

PAGE_SIZE = 25
_MAX_QUERY = 200


class DocumentPagesController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def front(self) -> Redirect:
        return Redirect("/documents", status_code=303, headers=NO_STORE)

    @get("/documents")
    async def document_list(
        self, request: Request[Any, Any, Any], bus: NamedDependency[MessageBus], site: NamedDependency[PageSite]
    ) -> Template | Redirect:
        """One list ordered as PRODUCT §4, 25 a page, with filters, search and each customer record's balance."""
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        customers: list[CustomerBalancesView] = await bus.handle(ListBalances(email=principal.email))
        filters = _filters(request, {c.customer_no for c in customers})
        cursor = request.query_params.get("cursor") or None
        asked = ListDocuments(
            email=principal.email,
            type=filters.get("type"),
            status=filters.get("status"),
            customer=filters.get("customer"),
            q=filters.get("q"),
            cursor=cursor,
            limit=PAGE_SIZE,
        )
        try:
            page: DocumentPage = await bus.handle(asked)
        except DomainError:  # a cursor this list never gave out (edited, or from an old bookmark): start over
            return Redirect(_list_url(filters), status_code=303, headers=NO_STORE)
        to_pay = [] if filters or cursor else await open_invoices(bus, principal.email, limit=TO_PAY)
        context = {
            "customers": customers,
            "page": page,
            "to_pay": to_pay,
            "filters": filters,
            "filtered": bool(filters),
            "types": TYPES,
            "statuses": STATUSES,
            "first_url": _list_url(filters) if cursor else None,
            "next_url": _list_url(filters, page.next_cursor) if page.next_cursor else None,
        }
        return site.page(
            request, "documents.html", choose_language(request), signed_in_email=principal.email, context=context
        )

    @get("/documents/{document_id:uuid}")
    async def document_detail(
        self,
        document_id: uuid.UUID,
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """Everything of PRODUCT §4's detail; unknown, foreign, withdrawn or malformed ids: the same 404 page."""
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        try:
            view: DocumentDetailView = await bus.handle(ViewDocument(email=principal.email, document_id=document_id))
        except NotFound:
            context = {"kind": "not_found", "status": 404, "retry_after": None}
            return site.page(
                request,
                "error.html",
                choose_language(request),
                signed_in_email=principal.email,
                context=context,
                status=404,
            )
        payable = view.type == "invoice" and (view.outstanding or 0) > 0 and view.currency == site.market_currency
        return site.page(
            request,
            "document.html",
            choose_language(request, fallback=view.locale),
            signed_in_email=principal.email,
            context={
                "doc": view,
                "payable": payable,
                "show_bill_to": _bill_to_differs(view),
                "first_lines": FIRST_LINES,
                "all_lines": request.query_params.get("lines") == "all",
            },
        )


#: the default view's "to pay" group on top: overdue invoices first, then open ones, at most this many
TO_PAY = 10


#: a long invoice shows its first lines and a link to all of them (its totals stay a thumb's reach away on a phone)
FIRST_LINES = 10


def _filters(request: Request[Any, Any, Any], customer_nos: set[str]) -> dict[str, str]:
    """The list's filters from the query, keeping only values the list knows (anything else is ignored)."""
    query = request.query_params
    found = {
        "type": query.get("type") if query.get("type") in TYPES else None,
        "status": query.get("status") if query.get("status") in STATUSES else None,
        "customer": query.get("customer") if query.get("customer") in customer_nos else None,
        "q": (query.get("q") or "").strip()[:_MAX_QUERY] or None,
    }
    return {key: value for key, value in found.items() if value}


def _list_url(filters: dict[str, str], cursor: str | None = None) -> str:
    params = dict(filters) | ({"cursor": cursor} if cursor else {})
    return "/documents" + (f"?{urlencode(params)}" if params else "")


def _bill_to_differs(view: DocumentDetailView) -> bool:
    return view.bill_to is not None and view.bill_to.customer_no != view.customer.customer_no
