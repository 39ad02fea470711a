"""Events of the payments context (PRODUCT §8)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentEvent(DomainEvent):
    schema_version: int = 2  # 2 added `allocations` (PRODUCT §13)
    payment_id: UUID
    amount: int
    currency: str
    invoice_number: str
    #: (document id, invoice number, that invoice's part of `amount`), oldest due first (PRODUCT §13)
    allocations: tuple[tuple[UUID, str, int], ...] = ()

    def data(self) -> dict[str, object]:
        return {
            "payment_id": str(self.payment_id),
            "amount": self.amount,
            "currency": self.currency,
            "invoice_number": self.invoice_number,
            "allocations": [
                {"document_id": str(document_id), "number": number, "amount": amount}
                for document_id, number, amount in self.allocations
            ],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentStarted(PaymentEvent):
    event_type: str = "payment.started"


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentCompleted(PaymentEvent):
    event_type: str = "payment.completed"
    psp_reference: str | None = None

    def data(self) -> dict[str, object]:
        return {**PaymentEvent.data(self), "reference": str(self.payment_id), "psp_reference": self.psp_reference}


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentFailed(PaymentEvent):
    event_type: str = "payment.failed"
    reason: str = ""

    def data(self) -> dict[str, object]:
        return {**PaymentEvent.data(self), "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentRefunded(PaymentEvent):
    event_type: str = "payment.refunded"


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentPageOpened(DomainEvent):
    event_type: str = "payment.page_opened"
