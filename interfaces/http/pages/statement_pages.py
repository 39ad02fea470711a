"""The statement of account as a page (PRODUCT §13): `/statements/{customer_no}`, linked from each balance."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.messagebus import MessageBus
from application.queries.documents.get_statement import GetStatement
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.statement_views import StatementView
from application.queries.documents.views import CustomerBalancesView
from domain.documents.money import CURRENCIES
from domain.shared.errors import NotFound
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.sign_in_navigation import to_login
from interfaces.http.pages.site import PageSite


class StatementPagesController(Controller):
    path = "/"
    include_in_schema = False

    @get("/statements/{customer_no:str}")
    async def statement(
        self,
        customer_no: FromPath[str],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """The statement in the asked currency (`?currency=`; otherwise, or when not one, the market's); a
        customer_no the person does not own is the same 404 page as an unknown one.
        """
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        asked = request.query_params.get("currency")
        currency = asked if asked in CURRENCIES else None
        lang = choose_language(request)
        try:
            statement: StatementView = await bus.handle(
                GetStatement(email=principal.email, customer_no=customer_no, currency=currency)
            )
        except NotFound:
            context = {"kind": "not_found", "status": 404, "retry_after": None}
            return site.page(request, "error.html", lang, signed_in_email=principal.email, context=context, status=404)
        balances: list[CustomerBalancesView] = await bus.handle(ListBalances(email=principal.email))
        currencies = sorted(
            {statement.currency} | {b.currency for c in balances if c.customer_no == customer_no for b in c.balances}
        )
        path = f"/statements/{quote(customer_no, safe='')}"
        ageing = statement.ageing
        context = {
            "statement": statement,
            "open_invoices": ageing.not_due + ageing.d1_30 + ageing.d31_60 + ageing.d61_90 + ageing.d90_plus,
            "overdue": ageing.d1_30 + ageing.d31_60 + ageing.d61_90 + ageing.d90_plus,
            "pdf_url": f"/api/v1{path}/pdf?{urlencode({'currency': statement.currency})}",
            "currency_links": [(c, f"{path}?{urlencode({'currency': c})}") for c in currencies],
        }
        return site.page(request, "statement.html", lang, signed_in_email=principal.email, context=context)
