"""The customer's payment API (PRODUCT §6, §12): start a payment, read it, watch it live (SSE)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Protocol

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import ServerSentEvent, ServerSentEventMessage

from application.commands.payments.start_payment import PaymentAccepted
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.queries.payments.get_payment import GetPayment
from application.queries.payments.payment_views import PaymentView
from application.workflows.cancel_and_show_payment import CancelAndShowPayment
from application.workflows.pay_invoices import PayInvoices
from domain.payments.model import FINAL, MAX_INVOICES
from interfaces.http.customer.payment_event_docs import STATUS_STREAM
from interfaces.http.customer.session_auth import CustomerPrincipal
from interfaces.http.problem_docs import PaymentConflict, ProblemOperation, problems
from interfaces.http.service_dependency import Service


class StatusHubLike(Protocol):
    reread_seconds: float

    def subscribe(self, payment_id: uuid.UUID) -> AbstractAsyncContextManager[asyncio.Queue[str]]: ...


class StartPaymentRequest(msgspec.Struct, frozen=True, kw_only=True):
    amount: int
    phone: str


class StartPaymentOfInvoicesRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Several invoices in one payment (PRODUCT §13): each one's whole outstanding."""

    invoices: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=MAX_INVOICES)]
    phone: str


class PaymentsApiController(Controller):
    path = "/api/v1"
    tags = ["payments"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/documents/{document_id:uuid}/payments",
        status_code=201,
        operation_id="payments.start",
        responses=problems(400, 401, 404, 409, 413, 415, 422, 503, bodies={409: PaymentConflict}),
        operation_class=ProblemOperation,
    )
    async def start(
        self,
        document_id: FromPath[uuid.UUID],
        data: JSONBody[StartPaymentRequest],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
    ) -> PaymentAccepted:
        """Stores a pending Payment and asks MobilePay at once; 201 once it is stored, whatever that attempt meets.

        - A racing start of the same invoice gets 409 naming the winner's `payment_id`.
        - The create job written with the Payment retries MobilePay on the same key (the page shows the outcome).
        """
        accepted: PaymentAccepted = await bus.handle(
            PayInvoices(invoices=(document_id,), email=principal.email, amount=data.amount, phone=data.phone)
        )
        return accepted

    @post(
        "/payments",
        status_code=201,
        operation_id="payments.start_several",
        responses=problems(400, 401, 404, 409, 413, 415, 422, 503, bodies={409: PaymentConflict}),
        operation_class=ProblemOperation,
    )
    async def start_several(
        self,
        data: JSONBody[StartPaymentOfInvoicesRequest],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
    ) -> PaymentAccepted:
        """One MobilePay payment of 1 to 25 invoices, each one's whole outstanding (PRODUCT §13); 201 once stored.

        - 404 when any invoice is not the person's to see; 409 naming the unfinished payment that already includes
          one of them; 422 naming the invoice (`/invoices/N`) that cannot be paid, or when the sum is above the
          vendor's limit.
        """
        accepted: PaymentAccepted = await bus.handle(
            PayInvoices(invoices=tuple(data.invoices), email=principal.email, phone=data.phone)
        )
        return accepted

    @get(
        "/payments/{payment_id:uuid}",
        operation_id="payments.get",
        responses=problems(400, 401, 404, 503),
        operation_class=ProblemOperation,
    )
    async def show(
        self,
        payment_id: FromPath[uuid.UUID],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
    ) -> PaymentView:
        view: PaymentView = await bus.handle(GetPayment(payment_id=payment_id, email=principal.email))
        return view

    @post(
        "/payments/{payment_id:uuid}/cancel",
        status_code=200,
        operation_id="payments.cancel",
        responses=problems(400, 401, 404, 409, 503),
        operation_class=ProblemOperation,
    )
    async def cancel(
        self,
        payment_id: FromPath[uuid.UUID],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
    ) -> PaymentView:
        """Cancels a payment still waiting for approval in the app (PRODUCT §6.7): `failed` with reason `cancelled`;
        409 once it was approved or is final.
        """
        view: PaymentView = await bus.handle(CancelAndShowPayment(payment_id=payment_id, email=principal.email))
        return view

    @get(
        "/payments/{payment_id:uuid}/events",
        operation_id="payments.events",
        responses=STATUS_STREAM | problems(400, 401, 404, 503),
        operation_class=ProblemOperation,
    )
    async def events(
        self,
        payment_id: FromPath[uuid.UUID],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
        status_hub: Service[StatusHubLike],
    ) -> ServerSentEvent:
        """`event: status` with `{"id", "status"}`: the current status first, then each change; ends when final."""
        first: PaymentView = await bus.handle(GetPayment(payment_id=payment_id, email=principal.email))
        return ServerSentEvent(_stream(bus, status_hub, first, principal.email))


async def _stream(
    bus: MessageBus, hub: StatusHubLike, first: PaymentView, email: str
) -> AsyncIterator[ServerSentEventMessage]:
    """The current status, then each change; news comes from the hub, and the payment is read again whenever
    `hub.reread_seconds` pass without any (a lost notification is caught up within that time). Each re-read sends
    its status even when unchanged, so the page can tell a quiet stream from a dead one.
    """
    last = first.status
    yield _message(first.id, last)
    if last in FINAL:
        return
    async with hub.subscribe(first.id) as queue:
        # a change may have landed between the first read and the subscription: read once more
        current: PaymentView = await bus.handle(GetPayment(payment_id=first.id, email=email))
        while True:
            if current.status != last:
                last = current.status
                yield _message(first.id, last)
            if last in FINAL:
                return
            try:
                status = await asyncio.wait_for(queue.get(), timeout=hub.reread_seconds)
            except TimeoutError:
                current = await _reread(bus, current, email)
                if current.status == last:  # the same status again: a heartbeat the page's watchdog sees
                    yield _message(first.id, last)
                continue
            current = msgspec.structs.replace(current, status=status)


async def _reread(bus: MessageBus, current: PaymentView, email: str) -> PaymentView:
    """The payment as stored now; while the database is away the stream keeps what it knew and tries again later."""
    try:
        fresh: PaymentView = await bus.handle(GetPayment(payment_id=current.id, email=email))
    except StoreUnavailable:
        return current
    return fresh


def _message(payment_id: uuid.UUID, status: str) -> ServerSentEventMessage:
    return ServerSentEventMessage(
        event="status", data=msgspec.json.encode({"id": str(payment_id), "status": status}).decode()
    )
