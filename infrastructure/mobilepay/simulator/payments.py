"""A simulated ePayment payment: its state machine, its aggregate, its event log, and their vendor JSON.

Rules from the vendor's description: the state is one of CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED and
never shows captures or refunds (only `aggregate` and the event log do); captured <= authorized - cancelled;
refunded <= captured; a cancel releases the whole uncaptured remainder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from infrastructure.mobilepay.simulator.problems import VendorProblem

__all__ = ["SimEvent", "SimPayment", "iso"]

FINAL_UNAPPROVED = frozenset({"ABORTED", "EXPIRED", "TERMINATED"})


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True, kw_only=True)
class SimEvent:
    name: str
    amount: int
    psp_reference: str
    timestamp: datetime
    idempotency_key: str | None
    success: bool = True


@dataclass(slots=True, kw_only=True)
class SimPayment:
    msn: str
    reference: str
    amount: int
    currency: str
    user_flow: str
    phone_number: str | None
    description: str | None
    metadata: dict[str, str] | None
    redirect_token: str
    redirect_url: str | None
    created_at: datetime
    expires_at: datetime
    state: str = "CREATED"
    authorized: int = 0
    cancelled: int = 0
    captured: int = 0
    refunded: int = 0
    events: list[SimEvent] = field(default_factory=list)

    def record(self, name: str, amount: int, *, at: datetime, key: str | None) -> SimEvent:
        event = SimEvent(name=name, amount=amount, psp_reference=str(uuid.uuid4()), timestamp=at, idempotency_key=key)
        self.events.append(event)
        return event

    # --- the customer ---------------------------------------------------------------------------------------

    def approve(self, *, at: datetime) -> SimEvent:
        self._require_created("approve")
        self.state = "AUTHORIZED"
        self.authorized = self.amount
        return self.record("AUTHORIZED", self.amount, at=at, key=None)

    def reject(self, *, at: datetime) -> SimEvent:
        self._require_created("reject")
        self.state = "ABORTED"
        return self.record("ABORTED", self.amount, at=at, key=None)

    def expire(self, *, at: datetime) -> SimEvent:
        self._require_created("expire")
        self.state = "EXPIRED"
        return self.record("EXPIRED", self.amount, at=at, key=None)

    # --- the merchant ---------------------------------------------------------------------------------------

    def capture(self, amount: int, currency: str, *, at: datetime, key: str) -> SimEvent:
        self._check_amount(amount, currency)
        if self.state == "CREATED":
            raise VendorProblem(400, "Cannot capture before reservation", code="6080")
        if self.state != "AUTHORIZED":
            raise VendorProblem(400, "Payment is in the wrong state for capture", code="6200")
        if self.cancelled > 0:
            raise VendorProblem(400, "Cannot capture a cancelled payment", code="6070")
        remaining = self.authorized - self.cancelled - self.captured
        if remaining == 0:
            raise VendorProblem(400, "Payment already captured", code="6170")
        if amount > remaining:
            raise VendorProblem(400, "Captured amount exceeds the authorized amount", code="6090")
        self.captured += amount
        return self.record("CAPTURED", amount, at=at, key=key)

    def cancel(self, *, transaction_only: bool, at: datetime, key: str | None) -> SimEvent | None:
        """Terminate before approval, release the remainder after it; a second cancel changes nothing."""
        if self.state == "CREATED":
            self.state = "TERMINATED"
            self.cancelled = self.amount
            return self.record("TERMINATED", self.amount, at=at, key=key)
        if self.state == "TERMINATED" or (self.state == "AUTHORIZED" and self.cancelled > 0):
            return None
        if self.state != "AUTHORIZED":
            raise VendorProblem(400, "Payment is in the wrong state for cancel", code="6200")
        if self.captured >= self.authorized:
            raise VendorProblem(400, "Cannot cancel a fully captured payment; refund it instead", code="6040")
        if transaction_only:
            raise VendorProblem(400, "cancelTransactionOnly cannot cancel an authorized payment", code="6060")
        released = self.authorized - self.captured
        self.cancelled = released
        return self.record("CANCELLED", released, at=at, key=key)

    def refund(self, amount: int, currency: str, *, at: datetime, key: str) -> SimEvent:
        self._check_amount(amount, currency)
        if self.state != "AUTHORIZED" or self.captured == 0:
            raise VendorProblem(400, "Cannot refund before capture", code="6020")
        refundable = self.captured - self.refunded
        if refundable == 0:
            raise VendorProblem(400, "Payment already refunded", code="6180")
        if amount > refundable:
            raise VendorProblem(400, "Refunded amount exceeds the captured amount", code="6150")
        self.refunded += amount
        return self.record("REFUNDED", amount, at=at, key=key)

    # --- vendor JSON ----------------------------------------------------------------------------------------

    def money(self, value: int) -> dict[str, object]:
        return {"currency": self.currency, "value": value}

    def aggregate_json(self) -> dict[str, object]:
        return {
            "authorizedAmount": self.money(self.authorized),
            "cancelledAmount": self.money(self.cancelled),
            "capturedAmount": self.money(self.captured),
            "refundedAmount": self.money(self.refunded),
        }

    def modification_json(self) -> dict[str, object]:
        return {
            "amount": self.money(self.amount),
            "state": self.state,
            "aggregate": self.aggregate_json(),
            "pspReference": self.events[0].psp_reference,
            "reference": self.reference,
        }

    def payment_json(self) -> dict[str, object]:
        body = {**self.modification_json(), "paymentMethod": {"type": "WALLET"}, "profile": {}}
        if self.redirect_url is not None:
            body["redirectUrl"] = self.redirect_url
        if self.metadata is not None:
            body["metadata"] = self.metadata
        return body

    def event_json(self, event: SimEvent, *, msn: str | None = None) -> dict[str, object]:
        body: dict[str, object] = {}
        if msn is not None:
            body["msn"] = msn
        body |= {
            "reference": self.reference,
            "pspReference": event.psp_reference,
            "name": event.name,
            "amount": self.money(event.amount),
            "timestamp": iso(event.timestamp),
            "idempotencyKey": event.idempotency_key,
            "success": event.success,
        }
        return body

    def _require_created(self, action: str) -> None:
        if self.state != "CREATED":
            raise VendorProblem(400, f"Cannot {action} a payment in state {self.state}", code="10030")

    def _check_amount(self, amount: int, currency: str) -> None:
        if currency != self.currency:
            raise VendorProblem(400, "Currency does not match the payment", code="5040")
        if amount <= 0:
            raise VendorProblem(400, "Invalid amount", code="4040")
