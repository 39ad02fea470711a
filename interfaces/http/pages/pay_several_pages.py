"""Paying several invoices in one MobilePay payment (PRODUCT §13): `GET|POST /pay`.

The page lists the person's open invoices in the market's currency, overdue first, each ticked (or only those named
by `?invoice=` in the address), their sum, and the phone; confirming starts one payment of all the ticked ones and
goes to its status page. An invoice whose payment waits for approval is listed without a box, and says so.
"""

from __future__ import annotations

import uuid
from typing import Any

from babel.numbers import get_currency_precision
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from application.commands.payments.start_payment import PaymentAccepted
from application.messagebus import MessageBus
from application.queries.documents.get_document import GetDocument
from application.queries.documents.views import DocumentDetailView, DocumentItemView
from application.workflows.pay_invoices import PayInvoices
from domain.payments.model import MAX_INVOICES, InvalidPayment
from domain.shared.errors import Conflict, NotFound
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.forms import checked_form_with_list
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.open_invoices import open_invoices
from interfaces.http.pages.pay_pages import payer_phone
from interfaces.http.pages.sign_in_navigation import to_login
from interfaces.http.pages.site import NO_STORE, PageSite


class PaySeveralPagesController(Controller):
    path = "/pay"
    include_in_schema = False

    @get("/")
    async def pay_several_form(
        self, request: Request[Any, Any, Any], bus: NamedDependency[MessageBus], site: NamedDependency[PageSite]
    ) -> Template | Redirect:
        """The open invoices, ticked (all, or those named by `?invoice=`), their sum and the phone."""
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        payable = await _payable(bus, site, principal.email)
        named = set(request.query_params.getall("invoice", []))
        ticked = {str(i.id) for i in payable if not i.payment_pending and (not named or str(i.id) in named)}
        phone = await _phone_of(bus, principal.email, payable)
        return _page(request, site, principal.email, payable, ticked, phone, errors={})

    @post("/", status_code=303)
    async def pay_several(
        self, request: Request[Any, Any, Any], bus: NamedDependency[MessageBus], site: NamedDependency[PageSite]
    ) -> Template | Redirect:
        """Starts one payment of the ticked invoices and shows its page; the form again (422) when none is ticked or
        one cannot be paid, or (409) when a payment of one of them is already waiting.
        """
        form, ticked_ids = await checked_form_with_list(request, site.csrf, "invoice", most=MAX_INVOICES)
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        chosen = _ids(ticked_ids)
        phone = form.get("phone", "").strip()[:40]
        errors: dict[str, str] = {}
        if not chosen:
            errors["invoices"] = "none"
        else:
            try:
                accepted: PaymentAccepted = await bus.handle(
                    PayInvoices(invoices=tuple(chosen), email=principal.email, phone=phone)
                )
            except InvalidPayment as exc:
                errors = {"phone": "invalid"} if any(p == "/phone" for p, _ in exc.errors) else {"invoices": "invalid"}
            except NotFound:
                errors["invoices"] = "invalid"
            except Conflict as exc:
                if exc.extra.get("payment_id") is None:
                    raise
                errors["invoices"] = "pending"
            else:
                return Redirect(f"/payments/{accepted.id}", status_code=303, headers=NO_STORE)
        payable = await _payable(bus, site, principal.email)
        ticked = {str(i) for i in chosen}
        status = 409 if errors.get("invoices") == "pending" else 422
        return _page(request, site, principal.email, payable, ticked, phone, errors=errors, status=status)


async def _payable(bus: MessageBus, site: PageSite, email: str) -> list[DocumentItemView]:
    return [i for i in await open_invoices(bus, email, limit=MAX_INVOICES) if i.currency == site.market_currency]


async def _phone_of(bus: MessageBus, email: str, payable: list[DocumentItemView]) -> str:
    """The phone the first invoice's pay page would start from, for the form to start from."""
    if not payable:
        return ""
    try:
        view: DocumentDetailView = await bus.handle(GetDocument(email=email, document_id=payable[0].id))
    except NotFound:
        return ""
    return payer_phone(view)


def _ids(values: list[str]) -> list[uuid.UUID]:
    """The ticked invoices' ids, in order, once each (anything not an id is dropped: it cannot be the person's)."""
    found: list[uuid.UUID] = []
    for value in values:
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            continue
        if parsed not in found:
            found.append(parsed)
    return found


def _page(
    request: Request[Any, Any, Any],
    site: PageSite,
    email: str,
    payable: list[DocumentItemView],
    ticked: set[str],
    phone: str,
    *,
    errors: dict[str, str],
    status: int = 200,
) -> Template:
    chosen = [i for i in payable if str(i.id) in ticked and not i.payment_pending]
    context = {
        "invoices": payable,
        "ticked": ticked,
        "total": sum(i.outstanding or 0 for i in chosen),
        "currency": site.market_currency,
        "currency_digits": get_currency_precision(site.market_currency),
        "phone": phone,
        "errors": dict.fromkeys(("invoices", "phone")) | errors,
        "has_errors": bool(errors),
    }
    lang = choose_language(request)
    return site.page(request, "pay_several.html", lang, signed_in_email=email, context=context, status=status)
