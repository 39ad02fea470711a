"""The Payment aggregate: one MobilePay payment of (part of) an invoice or of several invoices, and its
exactly-once settlement (PRODUCT §6, §13).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Literal, TypedDict
from uuid import UUID

from domain.payments.allocation import (
    MAX_INVOICES,
    Allocation,
    InvoiceDue,
    InvoiceShare,
    capturable,
    ordered,
    plan_capture,
    share_out,
)
from domain.payments.errors import ImplausibleVendorFacts, InvalidPayment
from domain.payments.events import PaymentCompleted, PaymentFailed, PaymentRefunded, PaymentStarted
from domain.payments.values import NextStep, VendorFacts
from domain.shared.aggregate import AggregateRoot
from domain.shared.events import DocumentRef

__all__ = [
    "APPROVAL_WINDOW",
    "FINAL",
    "MAX_INVOICES",
    "NOT_AT_MOBILEPAY",
    "NOT_AT_MOBILEPAY_AFTER",
    "Allocation",
    "ImplausibleVendorFacts",
    "InvalidPayment",
    "InvoiceDue",
    "InvoiceShare",
    "NextStep",
    "Payment",
    "Status",
    "VendorFacts",
    "approval_deadline",
]

Status = Literal["pending", "complete", "failed", "refunded"]
FINAL: tuple[Status, ...] = ("complete", "failed", "refunded")
_FAILING_STATES = ("ABORTED", "EXPIRED", "TERMINATED")
_DESCRIPTION_MAX = 100

#: How long after a payment was stored MobilePay may still not know it. The create job retries MobilePay on the
#: payment's idempotency key for about 13 minutes (30 retries, backoff at most 30 s, in the worker's create actor);
#: a payment MobilePay still does not know after this has missed every chance and fails with NOT_AT_MOBILEPAY,
#: which frees its invoice for a new payment. Keep it longer than the create job's retries.
NOT_AT_MOBILEPAY_AFTER = timedelta(minutes=15)
NOT_AT_MOBILEPAY = "not_at_mobilepay"

#: How long the person has to approve the request in the app: MobilePay keeps a payment in CREATED for 10 minutes
#: by default, then it EXPIRES (the portal sends no `expiresAt`; reference/mobilepay-epayment.md §3.3).
APPROVAL_WINDOW = timedelta(minutes=10)


def approval_deadline(created_at: datetime) -> datetime:
    """Until when a payment stored at `created_at` can be approved in the app.

    - Counted from when the portal stored it: MobilePay's own clock starts at its create call, made at once (or
      retried later), so the real expiry is never earlier than this.
    """
    return created_at + APPROVAL_WINDOW


class _Facts(TypedDict):
    payment_id: UUID
    amount: int
    currency: str
    invoice_number: str
    allocations: tuple[tuple[UUID, str, int], ...]


class Payment(AggregateRoot):
    """A customer's MobilePay payment of one invoice (all or part of it) or of several (all of each).

    - Its allocations say which invoices it pays, oldest due first; `document` is the first one's. The capture and
      the refunds are shared out over them by `allocation.share_out` (one rule for one invoice and for several).

    - Invariants: 0 ≤ refunded ≤ captured ≤ authorised ≤ amount, and the capture is taken once: once a captured
      figure is known it never changes. Facts that would break them are refused whole (`ImplausibleVendorFacts`).
    - `settled` is what this payment has added to its invoices' portal-paid: always captured − refunded, moved by
      `settle()` only, so a duplicated, late or reordered vendor fact can never settle twice; the payment
      completes (and settles its capture) exactly once.
    - AUTHORIZED with nothing captured → capture min(authorised, what its invoices still lack up to what it asked
      of each: `capturable`); nothing left → cancel and fail with `already_paid`. A capture below the authorised
      amount has the rest of the authorisation released (cancelled at MobilePay) once.
    - ABORTED, EXPIRED, TERMINATED, a refusal, or a failed capture → failed (the retry button starts a new one).
    - MobilePay knowing no such payment (404) changes nothing until NOT_AT_MOBILEPAY_AFTER after it was stored (the
      create job may still get through); after that it fails with `not_at_mobilepay`.
    - A captured payment is complete; refunded when everything captured was refunded.
    """

    def __init__(
        self,
        *,
        payment_id: UUID,
        invoices: Sequence[InvoiceShare],
        currency: str,
        phone: str,
        party: str,
        email: str,
        now: datetime,
    ) -> None:
        shares = ordered(invoices)
        self.id = payment_id
        self._allocations = [
            Allocation(position=i, document=share.document, amount=share.amount) for i, share in enumerate(shares)
        ]
        self._document_id = shares[0].document.id
        self._invoice_number = shares[0].document.number
        self._amount = sum(share.amount for share in shares)
        self._currency = currency
        self._phone = phone
        self._party = party
        self._email = email
        self._status: Status = "pending"
        self._reason: str | None = None
        self._vendor_state = "NEW"
        self._authorized = 0
        self._captured = 0
        self._refunded = 0
        self._psp_reference: str | None = None
        self._capture_requested = False
        self._release_requested = False
        self._created_at = now
        self._updated_at = now

    @classmethod
    def start(
        cls,
        *,
        payment_id: UUID,
        invoices: Sequence[InvoiceShare],
        currency: str,
        phone: str,
        party: str,
        email: str,
        now: datetime,
    ) -> Payment:
        if not 1 <= len(invoices) <= MAX_INVOICES:
            raise InvalidPayment(
                f"a payment pays 1 to {MAX_INVOICES} invoices", [("/invoices", f"1 to {MAX_INVOICES} invoices")]
            )
        if len({share.document.id for share in invoices}) != len(invoices):
            raise InvalidPayment("an invoice is named twice", [("/invoices", "each invoice once")])
        if any(share.amount <= 0 for share in invoices):
            raise InvalidPayment("the amount must be greater than 0", [("/amount", "must be greater than 0")])
        payment = cls(
            payment_id=payment_id,
            invoices=invoices,
            currency=currency,
            phone=phone,
            party=party,
            email=email,
            now=now,
        )
        payment._record(
            PaymentStarted(occurred_at=now, party=party, document=payment.document, **payment._facts(payment.amount))
        )
        return payment

    # -- state -----------------------------------------------------------------------------------------------
    @property
    def document(self) -> DocumentRef:
        return DocumentRef(id=self._document_id, type="invoice", number=self._invoice_number)

    @property
    def allocations(self) -> tuple[Allocation, ...]:
        """The invoices it pays, oldest due first."""
        return tuple(self._allocations)

    @property
    def description(self) -> str:
        """What the person's MobilePay app shows: the invoice numbers, within the vendor's 100 characters."""
        numbers = [a.document.number for a in self._allocations]
        if len(numbers) == 1:
            return f"Faktura {numbers[0]}"
        text = "Fakturaer " + ", ".join(numbers)
        while len(text) > _DESCRIPTION_MAX and len(numbers) > 1:
            numbers.pop()
            text = f"Fakturaer {', '.join(numbers)} +{len(self._allocations) - len(numbers)}"
        return text[:_DESCRIPTION_MAX]

    @property
    def status(self) -> Status:
        return self._status

    @property
    def reason(self) -> str | None:
        return self._reason

    @property
    def amount(self) -> int:
        return self._amount

    @property
    def currency(self) -> str:
        return self._currency

    @property
    def phone(self) -> str:
        return self._phone

    @property
    def email(self) -> str:
        return self._email

    @property
    def authorized(self) -> int:
        return self._authorized

    @property
    def captured(self) -> int:
        return self._captured

    @property
    def refunded(self) -> int:
        return self._refunded

    @property
    def settled(self) -> int:
        return sum(a.settled for a in self._allocations)

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def not_at_mobilepay_from(self) -> datetime:
        """From when MobilePay not knowing this payment fails it (`missing_at_vendor`)."""
        return self._created_at + NOT_AT_MOBILEPAY_AFTER

    @property
    def created_at_vendor(self) -> bool:
        """Whether MobilePay has acknowledged the payment (any state but the portal's own NEW)."""
        return self._vendor_state != "NEW"

    @property
    def finished(self) -> bool:
        return self._status in FINAL

    @property
    def cancellable(self) -> bool:
        """Whether the customer may still cancel it (PRODUCT §6.7): pending and not yet approved in the app."""
        return self._status == "pending" and self._authorized == 0 and self._vendor_state != "AUTHORIZED"

    # -- behaviour -------------------------------------------------------------------------------------------
    def acknowledge(self, now: datetime) -> None:
        """MobilePay accepted the create request (the payment now waits for the person's phone)."""
        if self._vendor_state == "NEW":
            self._vendor_state = "CREATED"
            self._updated_at = now

    def refuse(self, reason: str, now: datetime) -> None:
        """MobilePay refused the request, or it can never succeed: failed with `reason` (no effect when final)."""
        if self._status == "pending" and self._captured == 0:
            self._fail(reason, now)

    def observe(self, facts: VendorFacts, *, due: Mapping[UUID, InvoiceDue], now: datetime) -> NextStep | None:
        """Take what MobilePay says; returns the call the portal must make next, if any.

        - `due`: each of its invoices' outstanding and room now, by id (what may be captured, and how a capture is
          shared out).

        - Totals only ever grow; a stale or duplicated fact changes nothing.
        - Facts that break the invariants raise `ImplausibleVendorFacts` before anything changes.
        """
        problem = facts.implausibility(amount=self._amount, captured=self._captured)
        if problem is not None:
            raise ImplausibleVendorFacts(f"payment {self.id}: {problem}")
        refunded_before = self._refunded
        self._authorized = max(self._authorized, facts.authorized)
        self._captured = max(self._captured, facts.captured)
        self._refunded = max(self._refunded, facts.refunded)
        self._psp_reference = facts.psp_reference or self._psp_reference
        self._vendor_state = facts.state
        self._updated_at = now
        if self._captured > 0:
            shares_before = [a.refunded for a in self._allocations]
            share_out(self._allocations, captured=self._captured, refunded=self._refunded, due=due)
            refunds = [a.refunded - before for a, before in zip(self._allocations, shares_before, strict=True)]
            self._complete_or_refund(now, self._refunded - refunded_before, refunds)
            return self._release_rest(facts)
        if self._status != "pending":
            return None
        if facts.state in _FAILING_STATES:
            self._fail(facts.state.lower(), now)
            return None
        if facts.state == "AUTHORIZED" and self._authorized > 0 and not self._capture_requested:
            return self._capture_or_cancel(capturable(self._allocations, due), now)
        return None

    def owed_step(self, *, due: Mapping[UUID, InvoiceDue], now: datetime) -> NextStep | None:
        """The capture (or, nothing left to pay, the cancel) an authorised payment still waits for, asked again.

        - For a caller that makes the call at once (an operator's reconcile, when no worker ran the queued one);
          `observe` asks only once. Asking twice is harmless: the capture's idempotency key is the payment's.
        - None unless pending, authorised by MobilePay and nothing captured yet.
        """
        if self._status != "pending" or self._vendor_state != "AUTHORIZED" or self._authorized == 0 or self._captured:
            return None
        return self._capture_or_cancel(capturable(self._allocations, due), now)

    def missing_at_vendor(self, now: datetime) -> bool:
        """MobilePay answered that it knows no payment with this reference (404); returns whether it failed.

        - Before `not_at_mobilepay_from` nothing changes: the create job may still get through.
        - From then on a pending payment fails with `not_at_mobilepay`, so its invoice can be paid again; so does one
          MobilePay once acknowledged (it can never be authorised or captured through a reference MobilePay lost).
        """
        if self._status != "pending" or now < self.not_at_mobilepay_from:
            return False
        self._fail(NOT_AT_MOBILEPAY, now)
        return True

    def plan_capture(self, due: Mapping[UUID, InvoiceDue], asked: int) -> int:
        """The capture to make now: `asked` (when MobilePay authorised), but no more than the authorised amount and
        what its invoices still lack; each invoice's part of it is planned (`allocation.plan_capture`).
        """
        amount = max(0, min(asked, self._authorized, capturable(self._allocations, due)))
        plan_capture(self._allocations, amount, due)
        return amount

    def nothing_to_capture(self, now: datetime) -> NextStep:
        """Its invoices lack nothing any more (paid elsewhere): failed with `already_paid`; the authorisation must be
        cancelled.
        """
        self.refuse("already_paid", now)
        return NextStep(kind="cancel")

    def capture_failed(self, reason: str, now: datetime) -> NextStep | None:
        """The capture was refused: cancel the authorisation and fail."""
        if self._captured > 0:
            return None
        self.refuse(f"capture_failed:{reason}", now)
        return NextStep(kind="cancel")

    def settle(self) -> dict[UUID, int]:
        """The change to each invoice's portal-paid this payment still owes (its share of captured − refunded, less
        what was settled before), by invoice id; only the invoices whose portal-paid must move.
        """
        deltas = {a.document.id: a.settle() for a in self._allocations}
        return {document_id: delta for document_id, delta in deltas.items() if delta}

    # -- internals -------------------------------------------------------------------------------------------
    def _release_rest(self, facts: VendorFacts) -> NextStep | None:
        """Once: a capture below the authorised amount has the rest of the authorisation released."""
        if self._release_requested or facts.cancelled > 0 or self._captured >= self._authorized:
            return None
        self._release_requested = True
        return NextStep(kind="cancel")

    def _leave_pending(self, status: Status) -> None:
        self._status = status
        if status != "pending":
            for allocation in self._allocations:
                allocation.release()

    def _capture_or_cancel(self, outstanding: int, now: datetime) -> NextStep:
        self._capture_requested = True
        if outstanding <= 0:
            return self.nothing_to_capture(now)
        return NextStep(kind="capture", amount=min(self._authorized, outstanding))

    def _complete_or_refund(self, now: datetime, newly_refunded: int, refunds: list[int]) -> None:
        document = self.document
        if self._status in ("pending", "failed"):
            self._leave_pending("complete")
            self._reason = None
            self._record(
                PaymentCompleted(
                    occurred_at=now,
                    party=self._party,
                    document=document,
                    psp_reference=self._psp_reference,
                    **self._facts(self._captured, [a.captured for a in self._allocations]),
                )
            )
        if newly_refunded > 0:
            self._record(
                PaymentRefunded(
                    occurred_at=now, party=self._party, document=document, **self._facts(newly_refunded, refunds)
                )
            )
        if self._refunded >= self._captured:
            self._leave_pending("refunded")

    def _fail(self, reason: str, now: datetime) -> None:
        self._leave_pending("failed")
        self._reason = reason
        self._updated_at = now
        self._record(
            PaymentFailed(
                occurred_at=now, party=self._party, document=self.document, reason=reason, **self._facts(self._amount)
            )
        )

    def _facts(self, amount: int, shares: Sequence[int] | None = None) -> _Facts:
        """An event's figures: `amount`, and each invoice's part of it (`shares`; what was asked by default)."""
        parts = shares if shares is not None else [a.amount for a in self._allocations]
        return {
            "payment_id": self.id,
            "amount": amount,
            "currency": self._currency,
            "invoice_number": self._invoice_number,
            "allocations": tuple(
                (a.document.id, a.document.number, part) for a, part in zip(self._allocations, parts, strict=True)
            ),
        }
