"""The Payment aggregate: one MobilePay payment of (part of) an invoice, and its exactly-once settlement."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal, TypedDict
from uuid import UUID

from domain.payments.errors import ImplausibleVendorFacts, InvalidPayment
from domain.payments.events import PaymentCompleted, PaymentFailed, PaymentRefunded, PaymentStarted
from domain.payments.values import NextStep, VendorFacts
from domain.shared.aggregate import AggregateRoot
from domain.shared.events import DocumentRef

__all__ = [
    "APPROVAL_WINDOW",
    "FINAL",
    "NOT_AT_MOBILEPAY",
    "NOT_AT_MOBILEPAY_AFTER",
    "ImplausibleVendorFacts",
    "InvalidPayment",
    "NextStep",
    "Payment",
    "Status",
    "VendorFacts",
    "approval_deadline",
]

Status = Literal["pending", "complete", "failed", "refunded"]
FINAL: tuple[Status, ...] = ("complete", "failed", "refunded")
_FAILING_STATES = ("ABORTED", "EXPIRED", "TERMINATED")

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


class Payment(AggregateRoot):
    """A customer's MobilePay payment of an invoice.

    - Invariants: 0 ≤ refunded ≤ captured ≤ authorised ≤ amount, and the capture is taken once: once a captured
      figure is known it never changes. Facts that would break them are refused whole (`ImplausibleVendorFacts`).
    - `settled` is what this payment has added to the invoice's portal-paid: always captured − refunded, moved by
      `settle()` only, so a duplicated, late or reordered vendor fact can never settle twice; the payment
      completes (and settles its capture) exactly once.
    - AUTHORIZED with nothing captured → capture min(authorised, outstanding); nothing outstanding → cancel and fail
      with `already_paid`.
    - ABORTED, EXPIRED, TERMINATED, a refusal, or a failed capture → failed (the retry button starts a new one).
    - MobilePay knowing no such payment (404) changes nothing until NOT_AT_MOBILEPAY_AFTER after it was stored (the
      create job may still get through); after that it fails with `not_at_mobilepay`.
    - A captured payment is complete; refunded when everything captured was refunded.
    """

    def __init__(
        self,
        *,
        payment_id: UUID,
        document: DocumentRef,
        amount: int,
        currency: str,
        phone: str,
        party: str,
        email: str,
        now: datetime,
    ) -> None:
        self.id = payment_id
        self._document_id = document.id
        self._invoice_number = document.number
        self._amount = amount
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
        self._settled = 0
        self._psp_reference: str | None = None
        self._capture_requested = False
        self._created_at = now
        self._updated_at = now

    @classmethod
    def start(
        cls,
        *,
        payment_id: UUID,
        document: DocumentRef,
        amount: int,
        currency: str,
        phone: str,
        party: str,
        email: str,
        now: datetime,
    ) -> Payment:
        if amount <= 0:
            raise InvalidPayment("the amount must be greater than 0", [("/amount", "must be greater than 0")])
        payment = cls(
            payment_id=payment_id,
            document=document,
            amount=amount,
            currency=currency,
            phone=phone,
            party=party,
            email=email,
            now=now,
        )
        payment._record(PaymentStarted(occurred_at=now, party=party, document=document, **payment._facts(amount)))
        return payment

    # -- state -----------------------------------------------------------------------------------------------
    @property
    def document(self) -> DocumentRef:
        return DocumentRef(id=self._document_id, type="invoice", number=self._invoice_number)

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
        return self._settled

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

    def observe(self, facts: VendorFacts, *, outstanding: int, now: datetime) -> NextStep | None:
        """Take what MobilePay says; returns the call the portal must make next, if any.

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
            self._complete_or_refund(now, self._refunded - refunded_before)
            return None
        if self._status != "pending":
            return None
        if facts.state in _FAILING_STATES:
            self._fail(facts.state.lower(), now)
            return None
        if facts.state == "AUTHORIZED" and self._authorized > 0 and not self._capture_requested:
            return self._capture_or_cancel(outstanding, now)
        return None

    def owed_step(self, *, outstanding: int, now: datetime) -> NextStep | None:
        """The capture (or, nothing left to pay, the cancel) an authorised payment still waits for, asked again.

        - For a caller that makes the call at once (an operator's reconcile, when no worker ran the queued one);
          `observe` asks only once. Asking twice is harmless: the capture's idempotency key is the payment's.
        - None unless pending, authorised by MobilePay and nothing captured yet.
        """
        if self._status != "pending" or self._vendor_state != "AUTHORIZED" or self._authorized == 0 or self._captured:
            return None
        return self._capture_or_cancel(outstanding, now)

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

    def capture_failed(self, reason: str, now: datetime) -> NextStep | None:
        """The capture was refused: cancel the authorisation and fail."""
        if self._captured > 0:
            return None
        self.refuse(f"capture_failed:{reason}", now)
        return NextStep(kind="cancel")

    def settle(self) -> int:
        """The change to the invoice's portal-paid this payment still owes (captured − refunded − settled)."""
        delta = (self._captured - self._refunded) - self._settled
        self._settled += delta
        return delta

    # -- internals -------------------------------------------------------------------------------------------
    def _capture_or_cancel(self, outstanding: int, now: datetime) -> NextStep:
        self._capture_requested = True
        if outstanding <= 0:
            self._fail("already_paid", now)
            return NextStep(kind="cancel")
        return NextStep(kind="capture", amount=min(self._authorized, outstanding))

    def _complete_or_refund(self, now: datetime, newly_refunded: int) -> None:
        document = self.document
        if self._status in ("pending", "failed"):
            self._status = "complete"
            self._reason = None
            self._record(
                PaymentCompleted(
                    occurred_at=now,
                    party=self._party,
                    document=document,
                    psp_reference=self._psp_reference,
                    **self._facts(self._captured),
                )
            )
        if newly_refunded > 0:
            self._record(
                PaymentRefunded(occurred_at=now, party=self._party, document=document, **self._facts(newly_refunded))
            )
        if self._refunded >= self._captured:
            self._status = "refunded"

    def _fail(self, reason: str, now: datetime) -> None:
        self._status = "failed"
        self._reason = reason
        self._updated_at = now
        self._record(
            PaymentFailed(
                occurred_at=now, party=self._party, document=self.document, reason=reason, **self._facts(self._amount)
            )
        )

    def _facts(self, amount: int) -> _Facts:
        return {
            "payment_id": self.id,
            "amount": amount,
            "currency": self._currency,
            "invoice_number": self._invoice_number,
        }
