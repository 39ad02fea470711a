"""SimulatorState: everything the simulator knows, in memory, in one object (payments, tokens, keys, webhooks)."""

from __future__ import annotations

import base64
import secrets
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import httpx

from infrastructure.mobilepay.simulator.faults import FaultBook
from infrastructure.mobilepay.simulator.idempotency import IdempotencyStore, Outcome
from infrastructure.mobilepay.simulator.payments import SimEvent, SimPayment
from infrastructure.mobilepay.simulator.problems import VendorProblem
from infrastructure.mobilepay.simulator.tokens import TokenBook
from infrastructure.mobilepay.simulator.validation import CreateRequest
from infrastructure.mobilepay.simulator.webhooks import Registration, WebhookDispatcher

__all__ = ["SimulatorState"]

_MAX_REGISTRATIONS_PER_EVENT = 25


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SimulatorState:
    """The simulated merchant side of MobilePay.

    - `webhook_secret`: when given, every registration signs with it (the portal's embedded mode knows it in
      advance); otherwise each registration gets a fresh secret, as at the vendor.
    - `clock` (aware datetimes) decides expiry and token lifetime; `monotonic` and `delivery_retry_delays` pace
      webhook delivery; `webhook_transport` replaces the network in tests.
    - All state changes happen on the event loop, without awaiting in between.
    """

    def __init__(
        self,
        *,
        webhook_secret: str | None = None,
        clock: Callable[[], datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        delivery_retry_delays: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 8.0),
        webhook_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.webhook_secret = webhook_secret
        self.clock = clock
        self.tokens = TokenBook()
        self.faults = FaultBook()
        self.keys = IdempotencyStore()
        self.webhooks = WebhookDispatcher(
            wall_clock=clock, monotonic=monotonic, retry_delays=delivery_retry_delays, transport=webhook_transport
        )
        self.payments: dict[tuple[str, str], SimPayment] = {}
        self.calls: deque[dict[str, object]] = deque(maxlen=500)

    # --- authentication ---------------------------------------------------------------------------------------

    def authenticate(self, headers: Mapping[str, str], *, msn_required: bool) -> str | None:
        """Check the vendor headers of an API call; returns the Merchant-Serial-Number (None for partners)."""
        self.tokens.check(
            authorization=headers.get("authorization", ""),
            subscription_key=headers.get("ocp-apim-subscription-key", ""),
            now=self.clock(),
        )
        msn = headers.get("merchant-serial-number")
        if msn is None or msn == "":
            if msn_required:
                raise VendorProblem(400, "Merchant-Serial-Number header is required", field="Merchant-Serial-Number")
            return None
        if not (msn.isdigit() and 4 <= len(msn) <= 10):  # noqa: PLR2004 - the vendor's newer 4..10 digits
            raise VendorProblem(400, "Invalid Merchant-Serial-Number", field="Merchant-Serial-Number")
        self.expire_due()
        return msn

    # --- payments ---------------------------------------------------------------------------------------------

    def create(self, msn: str, request: CreateRequest, key: str, *, landing_url: str) -> Outcome:
        if (msn, request.reference) in self.payments:
            raise VendorProblem(409, "Reference already exists", code="4150", field="reference")
        token = secrets.token_urlsafe(24)
        redirect = None if request.user_flow == "PUSH_MESSAGE" else f"{landing_url}?token={token}"
        payment = SimPayment(
            msn=msn,
            reference=request.reference,
            amount=request.amount,
            currency=request.currency,
            user_flow=request.user_flow,
            phone_number=request.phone_number,
            description=request.description,
            metadata=request.metadata,
            redirect_token=token,
            redirect_url=redirect,
            created_at=self.clock(),
            expires_at=request.expires_at,
        )
        self.payments[(msn, payment.reference)] = payment
        self._emit(payment, payment.record("CREATED", payment.amount, at=self.clock(), key=key))
        body: dict[str, object] = {"reference": payment.reference}
        if redirect is not None:
            body["redirectUrl"] = redirect
        return Outcome(status=201, body=body)

    def find(self, msn: str, reference: str) -> SimPayment:
        payment = self.payments.get((msn, reference))
        if payment is None:
            raise VendorProblem(404, "Reference not found", code="5090", detail=f"No payment {reference}")
        return payment

    def approve(self, payment: SimPayment) -> None:
        self._emit(payment, payment.approve(at=self.clock()))

    def reject(self, payment: SimPayment) -> None:
        self._emit(payment, payment.reject(at=self.clock()))

    def expire(self, payment: SimPayment) -> None:
        self._emit(payment, payment.expire(at=self.clock()))

    def expire_due(self) -> None:
        """Payments nobody acted on before their time run out become EXPIRED (checked lazily)."""
        now = self.clock()
        for payment in self.payments.values():
            if payment.state == "CREATED" and payment.expires_at <= now:
                self.expire(payment)

    def capture(self, payment: SimPayment, amount: int, currency: str, key: str) -> Outcome:
        self._emit(payment, payment.capture(amount, currency, at=self.clock(), key=key))
        return Outcome(status=200, body=payment.modification_json())

    def cancel(self, payment: SimPayment, *, transaction_only: bool, key: str | None) -> Outcome:
        event = payment.cancel(transaction_only=transaction_only, at=self.clock(), key=key)
        if event is not None:
            self._emit(payment, event)
        return Outcome(status=200, body=payment.modification_json())

    def refund(self, payment: SimPayment, amount: int, currency: str, key: str) -> Outcome:
        self._emit(payment, payment.refund(amount, currency, at=self.clock(), key=key))
        return Outcome(status=200, body=payment.modification_json())

    def pending_payments(self, phone: str | None = None) -> list[SimPayment]:
        self.expire_due()
        return [p for p in self.payments.values() if p.state == "CREATED" and (not phone or p.phone_number == phone)]

    # --- webhooks ---------------------------------------------------------------------------------------------

    def register_webhook(self, *, msn: str | None, url: str, events: Sequence[str]) -> Registration:
        for event in events:
            same = [r for r in self.webhooks.registrations.values() if r.msn == msn and event in r.events]
            if len(same) >= _MAX_REGISTRATIONS_PER_EVENT:
                raise VendorProblem(400, f"At most {_MAX_REGISTRATIONS_PER_EVENT} webhooks per event", field="events")
        secret = self.webhook_secret or base64.b64encode(secrets.token_bytes(64)).decode("ascii")
        return self.webhooks.register(url=url, events=events, secret=secret, msn=msn)

    def record_call(self, **entry: object) -> None:
        self.calls.append({"at": self.clock().isoformat(), **entry})

    async def aclose(self) -> None:
        """Stop webhook delivery and close its HTTP client (a host that mounts the app calls this on shutdown)."""
        await self.webhooks.aclose()

    def _emit(self, payment: SimPayment, event: SimEvent) -> None:
        self.webhooks.publish(
            msn=payment.msn,
            reference=payment.reference,
            name=event.name,
            body=payment.event_json(event, msn=payment.msn),
        )
