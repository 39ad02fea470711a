"""The customer's payment API (PRODUCT §6, §12): start a payment, read it, watch it live (SSE)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import ServerSentEvent, ServerSentEventMessage

from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.start_payment import PaymentAccepted, StartPayment
from application.messagebus import MessageBus
from application.ports.mobilepay_gateway import MobilePayUnavailable
from application.queries.payments.get_payment import GetPayment
from application.queries.payments.payment_views import PaymentView
from domain.payments.model import FINAL
from domain.shared.errors import ConcurrencyConflict, NotFound
from interfaces.http.customer.session_auth import CustomerPrincipal

KEEPALIVE_SECONDS = 15.0


class StartPaymentRequest(msgspec.Struct, frozen=True, kw_only=True):
    amount: int
    phone: str


class PaymentsApiController(Controller):
    path = "/api/v1"
    tags = ["payments"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/documents/{document_id:str}/payments", status_code=201)
    async def start(
        self,
        document_id: FromPath[str],
        data: JSONBody[StartPaymentRequest],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
    ) -> PaymentAccepted:
        """Stores a pending Payment and asks MobilePay at once; if MobilePay is unreachable the worker retries."""
        accepted: PaymentAccepted = await bus.handle(
            StartPayment(document_id=_uuid(document_id), email=principal.email, amount=data.amount, phone=data.phone)
        )
        # MobilePay unreachable, or the worker's create job got there first: the job retries on the same key
        with contextlib.suppress(MobilePayUnavailable, ConcurrencyConflict):
            await bus.handle(CreateVendorPayment(payment_id=accepted.id))
        view: PaymentView = await bus.handle(GetPayment(payment_id=accepted.id, email=principal.email))
        return PaymentAccepted(id=view.id, status=view.status)

    @get("/payments/{payment_id:str}")
    async def show(
        self, payment_id: FromPath[str], principal: NamedDependency[CustomerPrincipal], bus: NamedDependency[MessageBus]
    ) -> PaymentView:
        view: PaymentView = await bus.handle(GetPayment(payment_id=_uuid(payment_id), email=principal.email))
        return view

    @get("/payments/{payment_id:str}/events")
    async def events(
        self,
        request: Request[Any, Any, Any],
        payment_id: FromPath[str],
        principal: NamedDependency[CustomerPrincipal],
        bus: NamedDependency[MessageBus],
    ) -> ServerSentEvent:
        """`event: status` with `{"id", "status"}`: the current status first, then each change; ends when final."""
        parsed = _uuid(payment_id)
        first: PaymentView = await bus.handle(GetPayment(payment_id=parsed, email=principal.email))
        hub = request.app.state.status_hub
        return ServerSentEvent(_stream(bus, hub, first, principal.email))


async def _stream(
    bus: MessageBus, hub: object, first: PaymentView, email: str
) -> AsyncIterator[ServerSentEventMessage]:
    last = first.status
    yield _message(first.id, last)
    if last in FINAL:
        return
    async with hub.subscribe(first.id) as queue:  # type: ignore[attr-defined]
        # a change may have landed between the first read and the subscription: read once more
        current: PaymentView = await bus.handle(GetPayment(payment_id=first.id, email=email))
        while True:
            if current.status != last:
                last = current.status
                yield _message(first.id, last)
            if last in FINAL:
                return
            try:
                status = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ServerSentEventMessage(comment="keep-alive")
                status = last
            current = msgspec.structs.replace(current, status=status)


def _message(payment_id: uuid.UUID, status: str) -> ServerSentEventMessage:
    return ServerSentEventMessage(
        event="status", data=msgspec.json.encode({"id": str(payment_id), "status": status}).decode()
    )


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound("not found") from None
