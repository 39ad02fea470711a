"""Fakes the payment use cases need beyond tests/fakes.py: MobilePay, the vendor event log, a directory and a
broadcaster, plus a container of them around the real bus (no sockets)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass
class FakeMobilePayGateway:
    """MobilePay in memory: create is idempotent on the payment id, capture on its key (another amount under it is
    refused, as MobilePay refuses a key reused for another request); `unavailable` makes every call raise
    MobilePayUnavailable; `tampered` replaces what GET answers (a vendor that claims the impossible). `captures` and
    `cancels` record the calls that moved money."""

    unavailable: bool = False
    payments: dict[str, _VendorSide] = field(default_factory=dict)
    creates: list[uuid.UUID] = field(default_factory=list)
    captures: list[tuple[uuid.UUID, int]] = field(default_factory=list)
    cancels: list[uuid.UUID] = field(default_factory=list)
    gets: int = 0
    tampered: VendorAggregate | None = None

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
            psp_reference="psp-payment",
        )

    # -- the person's phone --------------------------------------------------------------------------------------
    def approve(self, payment_id: uuid.UUID) -> None:
        side = self._find(payment_id)
        side.state, side.authorized = "AUTHORIZED", side.amount

    # -- the port ------------------------------------------------------------------------------------------------
    async def create_payment(
        self, *, payment_id: uuid.UUID, amount: int, currency: str, phone_number: str, description: str | None = None
    ) -> str:
        self._up()
        if str(payment_id) not in self.payments:
            self.creates.append(payment_id)
            self.payments[str(payment_id)] = _VendorSide(amount=amount, currency=currency)
        return str(payment_id)

    async def get_payment(self, payment_id: uuid.UUID) -> VendorPayment:
        self._up()
        self.gets += 1
        return self._answer(payment_id)

    async def list_events(self, payment_id: uuid.UUID) -> list[VendorEvent]:
        raise NotImplementedError("the portal reads the payment's aggregate, not its event log")

    async def capture(
        self, payment_id: uuid.UUID, *, amount: int, currency: str, idempotency_key: str | None = None
    ) -> VendorPayment:
        self._up()
        side = self._find(payment_id)
        if side.captured == 0:
            if side.state != "AUTHORIZED" or amount > side.authorized:
                raise MobilePayRefused("cannot capture", status=400, reason="wrong_state")
            side.captured = amount
            self.captures.append((payment_id, amount))
        elif amount != side.captured:
            raise MobilePayRefused("key used for another request", status=409, reason="idempotency_conflict")
        return self._answer(payment_id)

    async def cancel(self, payment_id: uuid.UUID, *, idempotency_key: str | None = None) -> VendorPayment:
        self._up()
        side = self._find(payment_id)
        self.cancels.append(payment_id)
        if side.state == "CREATED":
            side.state, side.cancelled = "TERMINATED", side.amount
        elif side.cancelled == 0:
            side.cancelled = side.authorized - side.captured
        return self._answer(payment_id)

    async def refund(self, payment_id: uuid.UUID, *, amount: int, currency: str, idempotency_key: str) -> VendorPayment:
        self._up()
        side = self._find(payment_id)
        side.refunded += amount
        return self._answer(payment_id)

    async def register_webhook(
        self, *, url: str, events: Sequence[str] = PAYMENT_WEBHOOK_EVENTS
    ) -> WebhookRegistration:
        return WebhookRegistration(id="webhook-1", secret="secret")

    async def list_webhooks(self) -> list[RegisteredWebhook]:
        return []

    async def delete_webhook(self, webhook_id: str) -> None:
        return None


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
