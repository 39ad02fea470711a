"""A payment's status page (PRODUCT §6.5, §12): `GET /payments/{id}`.

The page is complete without JavaScript (an "update" link); `/static/payment-status.js` follows the payment's
Server-Sent Events (polling `GET /api/v1/payments/{id}` when they fail) and redraws the status region in place.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.commands.payments.cancel_my_payment import CancelMyPayment
from application.messagebus import MessageBus
from application.queries.documents.get_document import GetDocument
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.views import DocumentDetailView
from application.queries.payments.get_payment import GetPayment
from application.queries.payments.payment_views import PaymentView
from domain.payments.model import FINAL
from domain.shared.errors import Conflict, NotFound
from interfaces.http.customer.session_auth import current_principal
from interfaces.http.pages.forms import checked_form
from interfaces.http.pages.i18n import choose_language
from interfaces.http.pages.not_found import not_found_page
from interfaces.http.pages.sign_in_navigation import to_login
from interfaces.http.pages.site import PageSite

# MobilePay's and the portal's reasons (Payment.reason) → the few things a customer needs to be told.
_REASONS = {
    "aborted": "rejected",
    "expired": "expired",
    "terminated": "cancelled",
    "cancelled": "cancelled",
    "already_paid": "already_paid",
    "document_withdrawn": "withdrawn",
    "invalid_phone": "phone",
    "customer_not_found": "phone",
    "push_message_not_allowed": "phone",
    "invalid_amount": "amount",
    "amount_too_small": "amount",
    "not_at_mobilepay": "unreached",
}


class PaymentStatusPagesController(Controller):
    path = "/payments"
    include_in_schema = False

    @get("/{payment_id:uuid}")
    async def payment_status(
        self,
        payment_id: FromPath[uuid.UUID],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """Amount, invoice and status: pending, complete (back to the invoice), failed (why, and "try again")."""
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        try:
            payment: PaymentView = await bus.handle(GetPayment(payment_id=payment_id, email=principal.email))
        except NotFound:
            return not_found_page(request, site, principal.email)
        invoices = [await _invoice(bus, principal.email, a.document_id) for a in payment.allocations]
        several = len(payment.allocations) > 1
        doc = (
            None
            if several
            else (invoices[0] if invoices else await _invoice(bus, principal.email, payment.document_id))
        )
        context = {
            "payment": payment,
            "doc": doc,
            "several": several,
            "shares": [(a, invoice) for a, invoice in zip(payment.allocations, invoices, strict=True)]
            if several
            else [],
            "balances": await bus.handle(ListBalances(email=principal.email)) if several else [],
            "final": payment.status in FINAL,
            "reason": failure_kind(payment.reason),
        }
        lang = choose_language(request, fallback=invoices[0].locale if invoices[0] else None)
        return site.page(request, "payment.html", lang, signed_in_email=principal.email, context=context)

    @post("/{payment_id:uuid}/cancel", status_code=303)
    async def cancel(
        self,
        payment_id: FromPath[uuid.UUID],
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        site: NamedDependency[PageSite],
    ) -> Template | Redirect:
        """Cancels a payment waiting for approval (PRODUCT §6.7), then back to its invoice; one approved or finished
        meanwhile shows its status page instead.
        """
        await checked_form(request, site.csrf)
        principal = await current_principal(request, bus)
        if principal is None:
            return to_login(request)
        try:
            await bus.handle(CancelMyPayment(payment_id=payment_id, email=principal.email))
        except NotFound:
            return not_found_page(request, site, principal.email)
        except Conflict:
            conflicted = True  # approved or final meanwhile (MobilePay's own answer to the cancel, say)
        else:
            conflicted = False
        payment: PaymentView = await bus.handle(GetPayment(payment_id=payment_id, email=principal.email))
        if conflicted and payment.status != "failed":  # approved, or even paid: its page says which
            return Redirect(f"/payments/{payment_id}", status_code=303)
        return Redirect(f"/documents/{payment.document_id}", status_code=303)


async def _invoice(bus: MessageBus, email: str, document_id: uuid.UUID) -> DocumentDetailView | None:
    """The invoice as it is now; None when withdrawn since (the payment was stopped: nothing to go back to)."""
    try:
        view: DocumentDetailView = await bus.handle(GetDocument(email=email, document_id=document_id))
    except NotFound:
        return None
    return view


def failure_kind(reason: str | None) -> str:
    """What to tell the customer about a failed payment's `reason` (unknown reasons: MobilePay said no)."""
    if reason is None:
        return "refused"
    if reason.startswith("capture_failed"):
        return "capture"
    return _REASONS.get(reason, "refused")
