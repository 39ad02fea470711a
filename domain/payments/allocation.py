"""Allocations: which invoices one payment pays, and how much of its money each one received (PRODUCT §13).

A payment of one invoice has one allocation; a payment of several has one per invoice, oldest due first. The
rules of how a capture and refunds are shared out live here, once, for both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.shared.events import DocumentRef

__all__ = ["Allocation", "InvoiceDue", "InvoiceShare", "capturable", "plan_capture", "share_out"]

#: How many invoices one payment may pay (PRODUCT §13).
MAX_INVOICES = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceShare:
    """An invoice a payment is started for, and how much of it the payment asks for."""

    document: DocumentRef
    due_date: date | None
    amount: int


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceDue:
    """What an invoice lacks now (`outstanding`) and how much more portal money it can take at all (`room`)."""

    outstanding: int
    room: int


class Allocation:
    """One invoice's part of a payment: asked `amount`; `captured` and `refunded` its shares of the payment's
    totals; `settled` what it has added to the invoice's portal-paid; `holds` while the payment is unfinished (the
    store keeps one holding allocation per invoice: at most one unfinished payment per invoice).
    """

    def __init__(self, *, position: int, document: DocumentRef, amount: int) -> None:
        self._position = position
        self._document_id = document.id
        self._invoice_number = document.number
        self._amount = amount
        self._captured = 0
        self._refunded = 0
        self._settled = 0
        self._planned = 0
        self._holds = True

    @property
    def document(self) -> DocumentRef:
        return DocumentRef(id=self._document_id, type="invoice", number=self._invoice_number)

    @property
    def position(self) -> int:
        return self._position

    @property
    def amount(self) -> int:
        return self._amount

    @property
    def captured(self) -> int:
        return self._captured

    @property
    def refunded(self) -> int:
        return self._refunded

    @property
    def settled(self) -> int:
        return self._settled

    @property
    def net(self) -> int:
        """What this invoice keeps of the payment: its share of the capture less its share of the refunds."""
        return self._captured - self._refunded

    @property
    def holds(self) -> bool:
        return self._holds

    def release(self) -> None:
        self._holds = False

    @property
    def planned(self) -> int:
        """Its part of the capture as planned when the capture was asked for (what it lacked then)."""
        return self._planned

    def plan(self, amount: int) -> None:
        self._planned = amount

    def take_capture(self, amount: int) -> None:
        self._captured += amount

    def take_refund(self, refunded: int) -> None:
        self._refunded = refunded

    def settle(self) -> int:
        delta = self.net - self._settled
        self._settled += delta
        return delta


def ordered(shares: Sequence[InvoiceShare]) -> list[InvoiceShare]:
    """Oldest due first (then by number): the order a capture is shared out in, and refunds go back against."""
    return sorted(shares, key=lambda s: (s.due_date or date.max, s.document.number))


def capturable(allocations: Sequence[Allocation], due: Mapping[UUID, InvoiceDue]) -> int:
    """How much may be captured now: each invoice's asked amount, but no more than it still lacks."""
    return sum(_up_to_outstanding(a, due) for a in allocations)


def plan_capture(allocations: Sequence[Allocation], amount: int, due: Mapping[UUID, InvoiceDue]) -> None:
    """Plan each invoice's part of a capture of `amount` as it is asked for: oldest due first, each up to what it
    was asked and lacks now. Shared out as planned when the capture comes back as asked.
    """
    left = amount
    for a in allocations:
        take = min(left, _up_to_outstanding(a, due))
        a.plan(take)
        left -= take


def share_out(
    allocations: Sequence[Allocation], *, captured: int, refunded: int, due: Mapping[UUID, InvoiceDue]
) -> None:
    """Share the payment's capture and refunds out over its allocations.

    - The capture is shared once (it is taken once). As planned when it was asked for, if the planned parts add up
      to it: an invoice paid elsewhere after that keeps its part (the money really was paid twice for it). Else
      oldest due first, each invoice up to what it was asked and still lacks; what is left (an invoice paid
      elsewhere meanwhile) goes to the others up to what they were asked and can still take; anything still left to
      the allocations in order, up to what they were asked.
    - Refunds come back against the allocations in reverse order, each down to 0.
    - Afterwards Σ captured shares == captured and Σ net == captured − refunded.
    """
    left = captured - sum(a.captured for a in allocations)
    if left > 0 and left == captured and sum(a.planned for a in allocations) == captured:
        for a in allocations:
            a.take_capture(a.planned)
        left = 0
    if left > 0:
        taken = [0] * len(allocations)
        for limit in (_up_to_outstanding, _up_to_room, _up_to_asked):
            for i, a in enumerate(allocations):
                take = min(left, max(0, limit(a, due) - a.captured - taken[i]))
                taken[i] += take
                left -= take
        for a, take in zip(allocations, taken, strict=True):
            a.take_capture(take)
    back = refunded
    for a in reversed(allocations):
        a.take_refund(min(a.captured, back))
        back -= a.refunded


def _up_to_outstanding(a: Allocation, due: Mapping[UUID, InvoiceDue]) -> int:
    return min(a.amount, max(0, due[a.document.id].outstanding))


def _up_to_room(a: Allocation, due: Mapping[UUID, InvoiceDue]) -> int:
    return min(a.amount, max(0, due[a.document.id].room))


def _up_to_asked(a: Allocation, _due: Mapping[UUID, InvoiceDue]) -> int:
    return a.amount
