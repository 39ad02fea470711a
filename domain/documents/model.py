"""The Document aggregate: a versioned snapshot from the business system, plus an invoice's payment state."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.documents.content import DocumentContent
from domain.documents.errors import InvalidDocument
from domain.documents.events import DocumentPublished, DocumentWithdrawn
from domain.documents.values import DOCUMENT_TYPES
from domain.shared.aggregate import AggregateRoot
from domain.shared.events import DocumentRef

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"


class Document(AggregateRoot):
    """A quote, order, invoice or credit note.

    - `version` counts content changes only: an identical re-import makes none, and the imported `paid` is payment
      state, not content.
    - Withdrawal hides the document and its links; the record stays. A later import restores it.
    - Invoices: outstanding = total − imported paid − portal paid − credited, never below 0. Credit notes carry how
      much of them was applied to their invoice; the rest is unapplied credit.
    """

    def __init__(
        self,
        *,
        id: UUID,  # noqa: A002 - the aggregate's identity is called id everywhere
        type: str,  # noqa: A002
        number: str,
        content: DocumentContent,
        imported_paid: int,
        now: datetime,
    ) -> None:
        if type not in DOCUMENT_TYPES:
            raise InvalidDocument(f"unknown type {type!r}", [("/type", f"must be one of {', '.join(DOCUMENT_TYPES)}")])
        if not number.strip():
            raise InvalidDocument("number must not be empty", [("/number", "must not be empty")])
        self.id = id
        self._type = type
        self._number = number
        self._version = 1
        self._version_at = now
        self._withdrawn_at: datetime | None = None
        self._portal_paid = 0
        self._credited = 0
        self._applied_credit = 0
        self._imported_paid = 0
        self._set_content(content)
        self._set_imported_paid(imported_paid)

    @classmethod
    def publish(
        cls,
        *,
        id: UUID,  # noqa: A002
        type: str,  # noqa: A002
        number: str,
        content: DocumentContent,
        imported_paid: int,
        now: datetime,
    ) -> Document:
        doc = cls(id=id, type=type, number=number, content=content, imported_paid=imported_paid, now=now)
        doc._record(DocumentPublished(occurred_at=now, party=doc.customer_no, document=doc.ref, version=1))
        return doc

    # -- state -----------------------------------------------------------------------------------------------
    @property
    def ref(self) -> DocumentRef:
        return DocumentRef(id=self.id, type=self._type, number=self._number)

    @property
    def type(self) -> str:
        return self._type

    @property
    def number(self) -> str:
        return self._number

    @property
    def content(self) -> DocumentContent:
        return self._content

    @property
    def version(self) -> int:
        return self._version

    @property
    def version_at(self) -> datetime:
        return self._version_at

    @property
    def customer_no(self) -> str:
        return self._customer_no

    @property
    def bill_to_no(self) -> str | None:
        return self._bill_to_no

    @property
    def credit_for(self) -> str | None:
        """For a credit note: the number of the invoice it credits, if it names one."""
        return self._credit_for

    @property
    def withdrawn(self) -> bool:
        return self._withdrawn_at is not None

    @property
    def total(self) -> int:
        return self._total

    @property
    def imported_paid(self) -> int:
        return self._imported_paid

    @property
    def portal_paid(self) -> int:
        return self._portal_paid

    @property
    def credited(self) -> int:
        return self._credited

    @property
    def applied_credit(self) -> int:
        return self._applied_credit

    @property
    def outstanding(self) -> int:
        return self._outstanding

    @property
    def due_before_credit(self) -> int:
        """What an invoice still lacks before credit notes are counted, never below 0."""
        return max(0, self._total - self._imported_paid - self._portal_paid)

    def status(self, today: date) -> str | None:
        """`invoice_status` for invoices; None for the rest."""
        if self._type != INVOICE:
            return None
        return invoice_status(outstanding=self._outstanding, due_date=self._content.due_date, today=today)

    # -- behaviour -------------------------------------------------------------------------------------------
    def revise(self, *, content: DocumentContent, imported_paid: int, now: datetime) -> bool:
        """Take a re-import: a new version when the content changed; restore when withdrawn.

        Returns whether a `document.published` event was recorded.
        """
        changed = content.fingerprint() != self._content_hash
        if changed:
            self._check_content(content)  # before any change, so a refused revision changes nothing
        self._set_imported_paid(imported_paid)
        restored = self._withdrawn_at is not None
        if not changed and not restored:
            return False
        if changed:
            self._version += 1
            self._version_at = now
            self._set_content(content)
        self._withdrawn_at = None
        self._record(
            DocumentPublished(
                occurred_at=now, party=self.customer_no, document=self.ref, version=self._version, restored=restored
            )
        )
        return True

    def withdraw(self, *, now: datetime) -> bool:
        """Void the document; returns False when it already was (withdrawing twice is not an error)."""
        if self._withdrawn_at is not None:
            return False
        self._withdrawn_at = now
        self._record(
            DocumentWithdrawn(occurred_at=now, party=self.customer_no, document=self.ref, version=self._version)
        )
        return True

    def settle_portal_payment(self, delta: int) -> None:
        """Add (or, for a refund, take back) money the portal collected; portal-paid stays within 0..total.

        - A refund is always taken back (down to 0), even when a re-import has since lowered the total below what the
          portal collected: the money went back to the customer either way.
        """
        paid = self._portal_paid + delta
        if self._type != INVOICE or paid < 0 or (delta > 0 and paid > self._total):
            raise InvalidDocument("a settlement would take portal-paid outside 0..total")
        self._portal_paid = paid
        self._recompute()

    def apply_credit(self, amount: int) -> None:
        """Set how much credit from credit notes reduces this invoice (the allocation decides the amount)."""
        if self._type != INVOICE or amount < 0 or amount > self.due_before_credit:
            raise InvalidDocument("credit exceeds what the invoice lacks")
        self._credited = amount
        self._recompute()

    def mark_credit_applied(self, amount: int) -> None:
        """Set how much of this credit note reduces its invoice."""
        if self._type != CREDIT_NOTE or amount < 0 or amount > self._total:
            raise InvalidDocument("applied credit exceeds the credit note")
        self._applied_credit = amount

    # -- internals -------------------------------------------------------------------------------------------
    def _check_content(self, content: DocumentContent) -> None:
        if self._type == INVOICE and content.due_date is None:
            raise InvalidDocument("an invoice needs a due date", [("/due_date", "required for invoices")])

    def _set_content(self, content: DocumentContent) -> None:
        self._check_content(content)
        self._content = content
        self._content_hash = content.fingerprint()
        self._customer_no = content.customer.customer_no
        self._bill_to_no = content.bill_to.customer_no if content.bill_to is not None else None
        self._issue_date = content.issue_date
        self._due_date = content.due_date
        self._currency = content.currency
        self._total = content.totals.total
        self._search_text = content.search_text(self._number)
        self._credit_for = _first_related_invoice(content) if self._type == CREDIT_NOTE else None
        self._recompute()

    def _set_imported_paid(self, amount: int) -> None:
        if amount < 0:
            raise InvalidDocument("paid must not be negative", [("/paid", "must be ≥ 0")])
        if amount and self._type != INVOICE:
            raise InvalidDocument("only invoices can be paid", [("/paid", "only invoices carry paid")])
        self._imported_paid = amount
        self._recompute()

    def _recompute(self) -> None:
        if self._type != INVOICE:
            self._outstanding = 0
            return
        self._credited = min(self._credited, self.due_before_credit)
        self._outstanding = max(0, self.due_before_credit - self._credited)


def invoice_status(*, outstanding: int, due_date: date | None, today: date) -> str:
    """An invoice's status (PRODUCT §4): `paid` when nothing is outstanding, `overdue` from the day after the due date,
    else `open`. The readers call it for their rows; the list's SQL filter (`document_page.status_condition`) is held
    equal to it by a test.
    """
    if outstanding == 0:
        return "paid"
    if due_date is not None and today > due_date:
        return "overdue"
    return "open"


def party_seen_through(*, customer_no: str, bill_to_no: str | None, is_customer: bool) -> str:
    """The record through which a person sees a document (the party of their events, PRODUCT §8): its customer when
    the person is that customer (also when they are its bill-to as well), else its bill-to.
    """
    return customer_no if is_customer or bill_to_no is None else bill_to_no


def _first_related_invoice(content: DocumentContent) -> str | None:
    return next((r.number for r in content.related if r.type == INVOICE), None)
