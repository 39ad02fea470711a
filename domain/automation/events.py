"""Events of the automation context: the daily job's `invoice.overdue` (PRODUCT §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.documents.model import invoice_status
from domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceOverdue(DomainEvent):
    """An invoice passed its due date with money outstanding; recorded once per invoice by the daily job."""

    event_type: str = "invoice.overdue"
    due_date: date
    outstanding: int
    currency: str

    def data(self) -> dict[str, object]:
        return {"due_date": self.due_date.isoformat(), "outstanding": self.outstanding, "currency": self.currency}


def is_overdue(*, due_date: date | None, outstanding: int, withdrawn: bool, today: date) -> bool:
    """From the day after the due date, while money is outstanding (the invoice status rule of PRODUCT §4)."""
    return not withdrawn and invoice_status(outstanding=outstanding, due_date=due_date, today=today) == "overdue"
