"""The MobilePay payment form (PRODUCT §6.1, §6.2, §12): `GET|POST /documents/{id}/pay`.

The form shows the outstanding amount (editable down) and the phone of the customer record through which the person
sees the invoice (editable). Confirming stores a pending Payment, asks MobilePay at once, and goes to its status page.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.commands.payments.record_payment_page_opened import RecordPaymentPageOpened
from application.commands.payments.start_payment import PaymentAccepted
from application.messagebus import MessageBus
from application.queries.documents.get_document import GetDocument
from application.queries.documents.views import DocumentDetailView, party_of
from application.workflows.pay_invoices import PayInvoices
from domain.documents.money import parse_major
from domain.payments.eligibility import Refusal, why_not_payable
from domain.payments.model import InvalidPayment
from domain.shared.errors import Conflict, NotFound
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.amount_input import amount_text
from interfaces.http.pages.forms import checked_form
from interfaces.http.pages.i18n import Language, choose_language
from interfaces.http.pages.not_found import not_found_page
from interfaces.http.pages.sign_in_navigation import to_login
from interfaces.http.pages.site import NO_STORE, PageSite

EXAMPLE_AMOUNT = 123_450
_PHONE_EXAMPLES = {"DKK": "20 12 34 56", "EUR": "040 123 4567"}
_FIELDS = {"/amount": "amount", "/phone": "phone"}


class PayPagesController(Controller):
    path = "/documents"
    include_in_schema = False

    @get("/{document_id:uuid}/pay")
    async def pay_form(
        self,
        document_id: FromPath[uuid.UUID],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """The form, prefilled; opening it is an event (`payment.page_opened`).

        - An invoice MobilePay cannot take (paid, another currency, not an invoice) gets a page saying why.
        """
        principal = await _email_of(request, bus)
        if principal is None:
            return to_login(request)
        view = await _visible_document(bus, principal, document_id)
        if view is None:
            return not_found_page(request, site, principal)
        lang = choose_language(request, fallback=view.locale)
        if _refusal(view, site) is None:
            await bus.handle(RecordPaymentPageOpened(document_id=view.id, number=view.number, party=party_of(view)))
        typed = {"amount": amount_text(view.outstanding or 0, view.currency, lang), "phone": payer_phone(view)}
        return _pay_page(request, site, lang, principal, view, typed, errors={})

    @post("/{document_id:uuid}/pay", status_code=303)
    async def confirm(
        self,
        document_id: FromPath[uuid.UUID],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """Starts the payment and shows its page.

        - A bad amount or phone shows the form again (422) with the message by the field.
        - An unfinished payment of the invoice is shown instead of starting a second one.
        """
        form = await checked_form(request, site.csrf)
        principal = await _email_of(request, bus)
        if principal is None:
            return to_login(request)
        view = await _visible_document(bus, principal, document_id)
        if view is None:
            return not_found_page(request, site, principal)
        typed = {"amount": form.get("amount", "").strip()[:40], "phone": form.get("phone", "").strip()[:40]}
        started = await _start(bus, site, principal, view, typed)
        if isinstance(started, Redirect):
            return started
        lang = choose_language(request, fallback=view.locale)
        if started.get("form") == "pending":  # another payment is waiting: explain it instead of a silent redirect
            fresh = await _visible_document(bus, principal, document_id)
            return _pay_page(request, site, lang, principal, fresh or view, typed, errors={}, status=409)
        return _pay_page(request, site, lang, principal, view, typed, errors=started, status=422)


async def _start(
    bus: MessageBus, site: PageSite, email: str, view: DocumentDetailView, typed: dict[str, str]
) -> Redirect | dict[str, str]:
    """The way to the started payment's page, or the form's errors by field (`form: pending` when another payment
    of the invoice is waiting for approval).
    """
    if _refusal(view, site) is not None:
        return {}
    amount = parse_major(typed["amount"])
    if amount is None:
        return {"amount": "format"}
    try:
        accepted: PaymentAccepted = await bus.handle(
            PayInvoices(invoices=(view.id,), email=email, amount=amount, phone=typed["phone"])
        )
    except InvalidPayment as exc:
        return {_FIELDS[p]: "invalid" for p, _ in exc.errors if p in _FIELDS} or {"form": "invalid"}
    except Conflict as exc:
        if exc.extra.get("payment_id") is None:
            raise
        return {"form": "pending"}  # the page shows the waiting payment (read anew), with Open and Cancel
    return _to_payment(str(accepted.id))


def _to_payment(payment_id: str) -> Redirect:
    return Redirect(f"/payments/{payment_id}", status_code=303, headers=NO_STORE)


async def _email_of(request: Request[Any, Any, Any], bus: MessageBus) -> str | None:
    principal = await current_principal(request, bus)
    return principal.email if principal else None


async def _visible_document(bus: MessageBus, email: str, document_id: uuid.UUID) -> DocumentDetailView | None:
    try:
        view: DocumentDetailView = await bus.handle(GetDocument(email=email, document_id=document_id))
    except NotFound:
        return None
    return view


def _refusal(view: DocumentDetailView, site: PageSite) -> Refusal | None:
    """Why MobilePay cannot take this document (PRODUCT §6.1), or None when it can."""
    return why_not_payable(
        doc_type=view.type, currency=view.currency, outstanding=view.outstanding, market_currency=site.market_currency
    )


def payer_phone(view: DocumentDetailView) -> str:
    """The phone of the record through which the person sees the invoice (the customer before the bill-to)."""
    record = view.customer if party_of(view) == view.customer.customer_no or view.bill_to is None else view.bill_to
    return record.phone or ""


def _pay_page(
    request: Request[Any, Any, Any],
    site: PageSite,
    lang: Language,
    email: str,
    view: DocumentDetailView,
    typed: dict[str, str],
    *,
    errors: dict[str, str],
    status: int = 200,
) -> Template:
    refusal = _refusal(view, site)
    context = {
        "doc": view,
        "refusal": refusal,
        "market_currency": site.market_currency,
        "typed": typed,
        "errors": dict.fromkeys(("amount", "phone", "form")) | errors,
        "has_errors": bool(errors),
        "amount_example": amount_text(EXAMPLE_AMOUNT, site.market_currency, lang),
        "phone_example": _PHONE_EXAMPLES[site.market_currency],
    }
    return site.page(request, "pay.html", lang, signed_in_email=email, context=context, status=status)
