"""Fakes the payment use cases need beyond tests/fakes.py: MobilePay, the vendor event log, a directory and a
broadcaster, plus a container of them around the real bus (no sockets)."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

from dependency_injector import providers

from application.errors import StoreUnavailable
from application.ports.mobilepay_gateway import (
    PAYMENT_WEBHOOK_EVENTS,
    MobilePayPaymentNotFound,
    MobilePayRefused,
    MobilePayUnavailable,
    RegisteredWebhook,
    VendorAggregate,
    VendorEvent,
    VendorPayment,
    WebhookRegistration,
)
from application.ports.payments import StoredVendorEvent
from infrastructure.container import Container
from tests.fakes import FakeStatusBroadcaster, FakeUnitOfWork, FakeVendorEventStore


@dataclass
class _VendorSide:
    amount: int
    currency: str
    state: str = "CREATED"
    authorized: int = 0
    captured: int = 0
    refunded: int = 0
    cancelled: int = 0
    events: list[VendorEvent] = field(default_factory=list)
    keys: dict[str, tuple[str, int]] = field(default_factory=dict)  # idempotency key → (operation, amount)


def _refused(code: str, reason: str, status: int = 400) -> MobilePayRefused:
    return MobilePayRefused(f"MobilePay refused: {reason}", status=status, reason=reason, code=code)


@dataclass
class FakeMobilePayGateway:
    """MobilePay in memory, by the simulator's rules: create is idempotent on the payment id; capture, cancel and
    refund on their keys (the same request again changes nothing, another request under a used key is refused); each
    change is an event of the payment's log. `unavailable` makes every call raise MobilePayUnavailable; `tampered`
    replaces the aggregate GET answers (a vendor that claims the impossible). `creates`, `captures` and `cancels`
    record the calls that moved money."""

    unavailable: bool = False
    payments: dict[str, _VendorSide] = field(default_factory=dict)
    creates: list[uuid.UUID] = field(default_factory=list)
    captures: list[tuple[uuid.UUID, int]] = field(default_factory=list)
    cancels: list[uuid.UUID] = field(default_factory=list)
    gets: int = 0
    tampered: VendorAggregate | None = None
    webhooks: dict[str, RegisteredWebhook] = field(default_factory=dict)

    def _up(self) -> None:
        if self.unavailable:
            raise MobilePayUnavailable("MobilePay cannot be reached")

    def _find(self, payment_id: uuid.UUID) -> _VendorSide:
        side = self.payments.get(str(payment_id))
        if side is None:
            raise MobilePayPaymentNotFound(str(payment_id))
        return side

    def _answer(self, payment_id: uuid.UUID) -> VendorPayment:
        side = self._find(payment_id)
        aggregate = self.tampered or VendorAggregate(
            authorized=side.authorized, cancelled=side.cancelled, captured=side.captured, refunded=side.refunded
        )
        return VendorPayment(
            reference=str(payment_id),
            state=side.state,  # type: ignore[arg-type]
            amount=side.amount,
            currency=side.currency,
            aggregate=aggregate,
            psp_reference=side.events[0].psp_reference,
        )

    @staticmethod
    def _record(payment_id: uuid.UUID, side: _VendorSide, name: str, amount: int, key: str | None) -> None:
        side.events.append(
            VendorEvent(
                reference=str(payment_id),
                psp_reference=str(uuid.uuid4()),
                name=name,  # type: ignore[arg-type]
                amount=amount,
                currency=side.currency,
                timestamp=datetime.now(UTC),
                success=True,
                idempotency_key=key,
            )
        )

    @staticmethod
    def _first_use(side: _VendorSide, key: str, operation: str, amount: int) -> bool:
        """Whether `key` is new for this payment; the same request again is not, another one is refused."""
        used = side.keys.get(key)
        if used is None:
            side.keys[key] = (operation, amount)
            return True
        if used != (operation, amount):
            raise _refused("4010", "idempotency_conflict", status=409)
        return False

    @staticmethod
    def _check_amount(side: _VendorSide, amount: int, currency: str) -> None:
        if currency != side.currency:
            raise _refused("5040", "currency_not_allowed")
        if amount <= 0:
            raise _refused("4040", "invalid_amount")

    # -- the person's phone --------------------------------------------------------------------------------------
    def approve(self, payment_id: uuid.UUID) -> None:
        side = self._find(payment_id)
        side.state, side.authorized = "AUTHORIZED", side.amount
        self._record(payment_id, side, "AUTHORIZED", side.amount, None)

    def reject(self, payment_id: uuid.UUID) -> None:
        side = self._find(payment_id)
        side.state = "ABORTED"
        self._record(payment_id, side, "ABORTED", side.amount, None)

    # -- the port ------------------------------------------------------------------------------------------------
    async def create_payment(
        self, *, payment_id: uuid.UUID, amount: int, currency: str, phone_number: str, description: str | None = None
    ) -> str:
        self._up()
        if not re.fullmatch(r"[0-9]{10,15}", re.sub(r"[^0-9]", "", phone_number)):
            raise _refused("4070", "invalid_phone")
        if str(payment_id) not in self.payments:
            self.creates.append(payment_id)
            side = _VendorSide(amount=amount, currency=currency)
            self.payments[str(payment_id)] = side
            self._record(payment_id, side, "CREATED", amount, str(payment_id))
        return str(payment_id)

    async def get_payment(self, payment_id: uuid.UUID) -> VendorPayment:
        self._up()
        self.gets += 1
        return self._answer(payment_id)

    async def list_events(self, payment_id: uuid.UUID) -> list[VendorEvent]:
        self._up()
        return list(self._find(payment_id).events)

    async def capture(
        self, payment_id: uuid.UUID, *, amount: int, currency: str, idempotency_key: str | None = None
    ) -> VendorPayment:
        self._up()
        side = self._find(payment_id)
        key = idempotency_key or f"capture-{payment_id}"
        self._check_amount(side, amount, currency)
        if key in side.keys:
            self._first_use(side, key, "capture", amount)
            return self._answer(payment_id)
        remaining = side.authorized - side.cancelled - side.captured
        if side.state == "CREATED":
            raise _refused("6080", "not_authorized")
        if side.state != "AUTHORIZED":
            raise _refused("6200", "wrong_state")
        if side.cancelled > 0:
            raise _refused("6070", "already_cancelled")
        if remaining == 0:
            raise _refused("6170", "already_captured")
        if amount > remaining:
            raise _refused("6090", "amount_exceeds_authorized")
        self._first_use(side, key, "capture", amount)
        side.captured += amount
        self.captures.append((payment_id, amount))
        self._record(payment_id, side, "CAPTURED", amount, key)
        return self._answer(payment_id)

    async def cancel(self, payment_id: uuid.UUID, *, idempotency_key: str | None = None) -> VendorPayment:
        self._up()
        side = self._find(payment_id)
        key = idempotency_key or f"cancel-{payment_id}"
        self.cancels.append(payment_id)
        if side.state == "CREATED":
            side.state, side.cancelled = "TERMINATED", side.amount
            self._record(payment_id, side, "TERMINATED", side.amount, key)
        elif side.state == "AUTHORIZED" and side.cancelled == 0:
            if side.captured >= side.authorized:
                raise _refused("6040", "already_captured")
            side.cancelled = side.authorized - side.captured
            self._record(payment_id, side, "CANCELLED", side.cancelled, key)
        elif side.state not in {"TERMINATED", "AUTHORIZED"}:
            raise _refused("6200", "wrong_state")
        return self._answer(payment_id)

    async def refund(self, payment_id: uuid.UUID, *, amount: int, currency: str, idempotency_key: str) -> VendorPayment:
        self._up()
        side = self._find(payment_id)
        self._check_amount(side, amount, currency)
        if idempotency_key in side.keys:
            self._first_use(side, idempotency_key, "refund", amount)
            return self._answer(payment_id)
        if side.state != "AUTHORIZED" or side.captured == 0:
            raise _refused("6020", "not_authorized")
        refundable = side.captured - side.refunded
        if refundable == 0:
            raise _refused("6180", "already_refunded")
        if amount > refundable:
            raise _refused("6150", "amount_exceeds_captured")
        self._first_use(side, idempotency_key, "refund", amount)
        side.refunded += amount
        self._record(payment_id, side, "REFUNDED", amount, idempotency_key)
        return self._answer(payment_id)

    async def register_webhook(
        self, *, url: str, events: Sequence[str] = PAYMENT_WEBHOOK_EVENTS
    ) -> WebhookRegistration:
        self._up()
        webhook = RegisteredWebhook(id=str(uuid.uuid4()), url=url, events=tuple(events))
        self.webhooks[webhook.id] = webhook
        return WebhookRegistration(id=webhook.id, secret=secrets.token_urlsafe(24))

    async def list_webhooks(self) -> list[RegisteredWebhook]:
        self._up()
        return list(self.webhooks.values())

    async def delete_webhook(self, webhook_id: str) -> None:
        self._up()
        self.webhooks.pop(webhook_id, None)


@dataclass
class Shared:
    """What the fake database holds for payments beyond the aggregates, and a switch to make it unreachable."""

    vendor_events: dict[tuple[uuid.UUID, str, str], StoredVendorEvent] = field(default_factory=dict)
    down: bool = False


class FakePaymentsUnitOfWork(FakeUnitOfWork):
    """FakeUnitOfWork plus the vendor event log; with `shared.down`, entering fails as a lost database does."""

    def __init__(self, store: Any, shared: Shared) -> None:
        super().__init__(store)
        self._shared = shared

    async def __aenter__(self) -> Self:
        if self._shared.down:
            raise StoreUnavailable("OSError: connection refused")
        await super().__aenter__()
        self.vendor_events = FakeVendorEventStore(self._shared.vendor_events)
        return self

    async def commit(self) -> None:
        await super().commit()
        self._shared.vendor_events.update(self.vendor_events.pending)


class FakeDirectory:
    async def is_known(self, email: str) -> bool:
        return True

    async def first_record(self, email: str) -> tuple[str, str] | None:
        return ("C-1001", "da")

    async def records(self, email: str) -> list[str]:
        return ["C-1001"]

    async def contact(self, customer_no: str) -> tuple[str, str] | None:
        return ("mette@example.dk", "da")


@dataclass
class PaymentFakes:
    gateway: FakeMobilePayGateway
    shared: Shared
    broadcaster: FakeStatusBroadcaster


def install_payment_fakes(container: Container) -> PaymentFakes:
    """Swap MobilePay, the unit of work (with the vendor log), the directory and the broadcaster for fakes."""
    fakes = PaymentFakes(gateway=FakeMobilePayGateway(), shared=Shared(), broadcaster=FakeStatusBroadcaster())
    store = container.fake_store  # type: ignore[attr-defined]
    container.uow.override(
        providers.Factory(FakePaymentsUnitOfWork, store=providers.Object(store), shared=providers.Object(fakes.shared))
    )
    container.mobilepay.override(providers.Object(fakes.gateway))
    container.customer_directory.override(providers.Object(FakeDirectory()))
    container.status_broadcaster.override(providers.Object(fakes.broadcaster))
    return fakes
