"""The Payment aggregate: one MobilePay payment of (part of) an invoice, and its exactly-once settlement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypedDict
from uuid import UUID

from domain.payments.events import PaymentCompleted, PaymentFailed, PaymentRefunded, PaymentStarted
from domain.shared.aggregate import AggregateRoot
from domain.shared.errors import DomainError
from domain.shared.events import DocumentRef

Status = Literal["pending", "complete", "failed", "refunded"]
FINAL: tuple[Status, ...] = ("complete", "failed", "refunded")
_FAILING_STATES = ("ABORTED", "EXPIRED", "TERMINATED")


class _Facts(TypedDict):
    payment_id: UUID
    amount: int
    currency: str
    invoice_number: str


class InvalidPayment(DomainError):
    """The payment cannot be made or changed as asked."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VendorFacts:
    """What MobilePay says about the payment: its state and running totals (monotonic)."""

    state: str
    authorized: int = 0
    captured: int = 0
    refunded: int = 0
    cancelled: int = 0
    psp_reference: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NextStep:
    """What the portal must ask MobilePay next: capture `amount`, or cancel the authorisation."""

    kind: Literal["capture", "cancel"]
    amount: int = 0


class Payment(AggregateRoot):
    """A customer's MobilePay payment of an invoice.

    - `settled` is what this payment has added to the invoice's portal-paid: always captured − refunded, moved by
      `settle()` only, so a duplicated, late or reordered vendor fact can never settle twice.
    - AUTHORIZED with nothing captured → capture min(authorised, outstanding); nothing outstanding → cancel and fail
      with `already_paid`.
    - ABORTED, EXPIRED, TERMINATED, a refusal, or a failed capture → failed (the retry button starts a new one).
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
    def captured(self) -> int:
        return self._captured

    @property
    def refunded(self) -> int:
        return self._refunded

    @property
    def settled(self) -> int:
        return self._settled

    @property
    def created_at_vendor(self) -> bool:
        """Whether MobilePay has acknowledged the payment (any state but the portal's own NEW)."""
        return self._vendor_state != "NEW"

    @property
    def finished(self) -> bool:
        return self._status in FINAL

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
        """
        refunded_before = self._refunded
        self._authorized = max(self._authorized, facts.authorized)
        self._captured = max(self._captured, facts.captured)
        self._refunded = min(max(self._refunded, facts.refunded), self._captured)
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
            self._capture_requested = True
            if outstanding <= 0:
                self._fail("already_paid", now)
                return NextStep(kind="cancel")
            return NextStep(kind="capture", amount=min(self._authorized, outstanding))
        return None

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
