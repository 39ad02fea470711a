"""MobilePay's webhooks (PRODUCT §6.3): verified as the vendor signs them; a valid one for an unknown payment is 2xx."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency

from application.commands.payments.apply_vendor_event import ApplyVendorEvent, VendorEventInput
from application.messagebus import MessageBus
from application.ports.clock import Clock
from application.ports.mobilepay_gateway import InvalidWebhookSignature, MobilePayWebhookVerifier
from domain.shared.errors import ConcurrencyConflict, DomainError
from interfaces.http.problem_docs import ProblemOperation, problems
from interfaces.http.problems import problem
from interfaces.http.service_dependency import Service

_log = structlog.get_logger("portal.webhooks")


class MobilePayWebhookController(Controller):
    path = "/webhooks"
    tags = ["webhooks"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/mobilepay",
        status_code=200,
        operation_id="webhooks.mobilepay",
        responses=problems(401, 413, 415, 422, 503),
        operation_class=ProblemOperation,
    )
    async def mobilepay(
        self,
        request: Request[Any, Any, Any],
        bus: NamedDependency[MessageBus],
        webhook_verifier: Service[MobilePayWebhookVerifier],
        clock: Service[Clock],
    ) -> Response[Any]:
        """Altered, forged or more than 5 minutes off → 401 and nothing changes."""
        body = await request.body()
        path_and_query = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        try:
            event = webhook_verifier.verify(
                headers=dict(request.headers), body=body, path_and_query=path_and_query, now=clock.now()
            )
        except InvalidWebhookSignature:
            raise problem(401, "the webhook signature is not valid") from None
        try:
            applied = await self._apply(bus, event)
        except (ConcurrencyConflict, DomainError):
            # SQLite (embedded) has no row locks: a webhook racing the capture loses its optimistic-lock check or
            # sees a stale invoice. Nothing was written; the vendor delivers the webhook again.
            raise problem(503, "busy; deliver this webhook again") from None
        _log.info("webhook.received", name=event.name, applied=applied)
        return Response({"received": True}, status_code=200)

    @staticmethod
    async def _apply(bus: MessageBus, event: Any) -> bool:
        applied: bool = await bus.handle(
            ApplyVendorEvent(
                event=VendorEventInput(
                    reference=event.reference,
                    name=event.name,
                    psp_reference=event.psp_reference,
                    amount=event.amount,
                    success=event.success,
                    timestamp=event.timestamp,
                )
            )
        )
        return applied
