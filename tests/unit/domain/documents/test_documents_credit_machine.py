"""Stateful property test: one invoice and its credit notes through re-imports, portal payments and refunds,
withdrawals and allocation.

The invoice-level invariants of PRODUCT §1 hold after every step. The cross-document ones (how credit notes are
applied) hold after `allocate_credit` ran, which the application does after every document change; a plain model
of the allocation (oldest first, each note up to what the invoice still lacks) is compared with the aggregates.
The money the invoice detail explains (PRODUCT §13) adds up: outstanding == max(0, total − paid outside − Σ credit
applied by its notes − Σ net portal payments), after every payment and refund too; those re-run the allocation,
as the settlement does (`application.commands.payments.settlement`): a refund can make room for credit a note could
not apply before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from domain.documents.content import DocumentContent
from domain.documents.credit import allocate_credit
from domain.documents.errors import InvalidDocument
from domain.documents.events import DocumentPublished, DocumentWithdrawn
from domain.documents.model import Document
from domain.documents.values import Line, Party, RelatedRef, Seller
from tests.example_budget import examples

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
ISSUE = dt.date(2026, 11, 2)
INVOICE_NO = "INV-1"

# Few values, so identical contents (in other spellings) and equal issue dates recur often.
prices = st.sampled_from([0, 3, 80_00, 1000_00, 2500_00])
quantities = st.sampled_from(["1", "1.0", "1.000", "2", "2.00", "0.5"])
paid_amounts = st.sampled_from([0, 0, 1, 100_00, 1250_00, 10_000_00])
currencies = st.sampled_from(["DKK", "DKK", "DKK", "EUR"])
credit_targets = st.sampled_from([INVOICE_NO, INVOICE_NO, INVOICE_NO, "INV-2", None])
days = st.integers(0, 3)
# (price, quantity, currency, issue day, invoice credited, number prefix): numbers sort apart from issue dates.
note_specs = st.tuples(prices.filter(bool), quantities, currencies, days, credit_targets, st.sampled_from("ZYX"))
# Whether the step ends as the application's do, with the allocation re-run; without it, stale states are visited.
reallocations = st.booleans()
NoteSpec = tuple[int, str, str, int, str | None, str]


def _content(
    price: int,
    quantity: str,
    *,
    currency: str = "DKK",
    issue_day: int = 0,
    due: bool = True,
    credit_for: str | None = None,
) -> DocumentContent:
    issue = ISSUE + dt.timedelta(days=issue_day)
    return DocumentContent(
        issue_date=issue,
        due_date=issue + dt.timedelta(days=14) if due else None,
        currency=currency,
        locale="da",
        seller=Seller(name="Nordvej Biler ApS"),
        customer=Party(customer_no="C-1001", name="Mette Jensen"),
        lines=(Line(description="Service", quantity=Decimal(quantity), unit_price=price),),
        related=(RelatedRef(type="invoice", number=credit_for),) if credit_for else (),
    )


class InvoiceWithCreditNotes(RuleBasedStateMachine):
    notes = Bundle("notes")

    def __init__(self) -> None:
        super().__init__()
        self.now = T0
        self.credit_notes: list[Document] = []
        self.allocated = True
        self.seen: dict[UUID, tuple[int, str]] = {}  # id → (version, fingerprint) after the previous step
        self.net_payments: list[int] = []  # each portal payment's captured − refunded, as the invoice's payments show

    # -- helpers ---------------------------------------------------------------------------------------------
    def _tick(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now

    def _revise(self, doc: Document, content: DocumentContent, paid: int, reallocate: bool) -> None:
        was_withdrawn = doc.withdrawn
        changed = content.fingerprint() != doc.content.fingerprint()
        before = doc.version
        published = doc.revise(content=content, imported_paid=paid, now=self._tick())
        assert published == (changed or was_withdrawn)
        assert doc.version == before + changed
        assert not doc.withdrawn
        events = doc.pull_events()
        if published:
            assert events == [
                DocumentPublished(
                    occurred_at=self.now,
                    party="C-1001",
                    document=doc.ref,
                    version=doc.version,
                    restored=was_withdrawn,
                )
            ]
        else:
            assert events == []
        self._changed(reallocate)

    def _withdraw(self, doc: Document, reallocate: bool) -> None:
        was_withdrawn = doc.withdrawn
        assert doc.withdraw(now=self._tick()) is not was_withdrawn
        assert doc.withdrawn
        events = doc.pull_events()
        assert len(events) == (0 if was_withdrawn else 1)
        assert all(isinstance(e, DocumentWithdrawn) and e.version == doc.version for e in events)
        self._changed(reallocate)

    def _changed(self, reallocate: bool) -> None:
        self.allocated = False
        self.invoice_invariants()  # these hold before the allocation is re-run, too
        if reallocate:
            self.allocate()

    def _state(self, doc: Document) -> tuple[object, ...]:
        return (doc.version, doc.content, doc.imported_paid, doc.credited, doc.outstanding, doc.withdrawn)

    # -- the invoice -----------------------------------------------------------------------------------------
    @initialize(price=prices, quantity=quantities, paid=paid_amounts)
    def publish_invoice(self, price: int, quantity: str, paid: int) -> None:
        self.invoice = Document.publish(
            id=uuid4(), type="invoice", number=INVOICE_NO, content=_content(price, quantity), imported_paid=paid, now=T0
        )
        assert self.invoice.version == 1
        assert len(self.invoice.pull_events()) == 1

    @rule(price=prices, quantity=quantities, due_day=days, paid=paid_amounts, reallocate=reallocations)
    def reimport_invoice(self, price: int, quantity: str, due_day: int, paid: int, reallocate: bool) -> None:
        content = _content(price, quantity)
        if due_day:  # a moved due date is a content change too
            content = replace(content, due_date=ISSUE + dt.timedelta(days=14 + due_day))
        self._revise(self.invoice, content, paid, reallocate)

    @rule(paid=paid_amounts, reallocate=reallocations)
    def change_imported_paid_only(self, paid: int, reallocate: bool) -> None:
        version = self.invoice.version
        self._revise(self.invoice, self.invoice.content, paid, reallocate)
        assert self.invoice.version == version
        assert self.invoice.imported_paid == paid

    @rule(reallocate=reallocations)
    def withdraw_invoice(self, reallocate: bool) -> None:
        self._withdraw(self.invoice, reallocate)

    @rule(paid=paid_amounts)
    def refused_reimport_changes_nothing(self, paid: int) -> None:
        before = self._state(self.invoice)
        try:
            self.invoice.revise(content=_content(7, "3", due=False), imported_paid=paid, now=self._tick())
        except InvalidDocument:
            pass
        else:
            raise AssertionError("an invoice without a due date was accepted")
        assert self._state(self.invoice) == before
        assert self.invoice.pull_events() == []

    @rule(extra=st.integers(1, 10**6))
    def credit_beyond_the_lack_is_refused(self, extra: int) -> None:
        before = self._state(self.invoice)
        try:
            self.invoice.apply_credit(self.invoice.due_before_credit + extra)
        except InvalidDocument:
            pass
        else:
            raise AssertionError("over-crediting was accepted")
        assert self._state(self.invoice) == before

    # -- portal payments -------------------------------------------------------------------------------------
    @rule(asked=st.sampled_from([1, 50_00, 10**9]))
    def a_portal_payment_settles(self, asked: int) -> None:
        """A capture is min(authorised, outstanding) (PRODUCT §6): never more than the invoice lacks."""
        captured = min(asked, self.invoice.outstanding)
        if self.invoice.withdrawn or captured == 0:
            return
        self.invoice.settle_portal_payment(captured)
        self.net_payments.append(captured)
        self._changed(reallocate=True)

    @precondition(lambda self: any(self.net_payments))
    @rule(which=st.integers(0, 7), part=st.sampled_from([1, 25_00, 10**9]))
    def a_portal_payment_is_refunded(self, which: int, part: int) -> None:
        paid = [i for i, net in enumerate(self.net_payments) if net]
        index = paid[which % len(paid)]
        refund = min(part, self.net_payments[index])
        self.invoice.settle_portal_payment(-refund)
        self.net_payments[index] -= refund
        self._changed(reallocate=True)

    # -- credit notes ----------------------------------------------------------------------------------------
    def _new_note(self, spec: NoteSpec, *, reallocate: bool) -> Document:
        price, quantity, currency, issue_day, credit_for, prefix = spec
        note = Document.publish(
            id=uuid4(),
            type="credit_note",
            number=f"CN-{prefix}{len(self.credit_notes) + 1}",
            content=_content(price, quantity, currency=currency, issue_day=issue_day, due=False, credit_for=credit_for),
            imported_paid=0,
            now=self._tick(),
        )
        assert (note.version, note.credit_for, note.applied_credit, note.outstanding) == (1, credit_for, 0, 0)
        note.pull_events()
        self.credit_notes.append(note)
        self.allocated = False
        if hasattr(self, "invoice"):  # initialisation may seed the notes first
            self._changed(reallocate)
        return note

    @initialize(target=notes, specs=st.lists(note_specs, min_size=2, max_size=4))
    def seed_credit_notes(self, specs: list[NoteSpec]) -> MultipleResults[Document]:
        return multiple(*(self._new_note(spec, reallocate=False) for spec in specs))

    @precondition(lambda self: len(self.credit_notes) < 8)
    @rule(target=notes, spec=note_specs, reallocate=reallocations)
    def add_credit_note(self, spec: NoteSpec, reallocate: bool) -> Document:
        return self._new_note(spec, reallocate=reallocate)

    @rule(note=notes, spec=note_specs, reallocate=reallocations)
    def reimport_credit_note(self, note: Document, spec: NoteSpec, reallocate: bool) -> None:
        price, quantity, currency, issue_day, credit_for, _ = spec
        content = _content(price, quantity, currency=currency, issue_day=issue_day, due=False, credit_for=credit_for)
        self._revise(note, content, 0, reallocate)
        assert note.credit_for == credit_for

    @rule(note=notes, reallocate=reallocations)
    def withdraw_credit_note(self, note: Document, reallocate: bool) -> None:
        self._withdraw(note, reallocate)

    @rule(note=notes, reallocate=reallocations)
    def restore_credit_note(self, note: Document, reallocate: bool) -> None:
        self._revise(note, note.content, 0, reallocate)

    @rule(note=notes)
    def a_credit_note_cannot_be_paid(self, note: Document) -> None:
        before = self._state(note)
        try:
            note.revise(content=note.content, imported_paid=1, now=self._tick())
        except InvalidDocument:
            pass
        else:
            raise AssertionError("a credit note took a payment")
        assert self._state(note) == before

    # -- allocation ------------------------------------------------------------------------------------------
    @rule()
    def allocate(self) -> None:
        """What the application runs after each change: once per invoice number the credit notes name."""
        before = [n.applied_credit for n in self.credit_notes] if self.allocated else None
        mine = [n for n in self.credit_notes if n.credit_for == INVOICE_NO]
        allocate_credit(self.invoice, mine)
        allocate_credit(None, [n for n in self.credit_notes if n.credit_for != INVOICE_NO])
        self.allocated = True
        if before is not None:  # re-running an up-to-date allocation changes nothing
            assert [n.applied_credit for n in self.credit_notes] == before

        # The model: nothing applies to a withdrawn invoice; otherwise oldest first, up to what is lacking.
        inv = self.invoice
        lacking = 0 if inv.withdrawn else max(0, inv.total - inv.imported_paid - inv.portal_paid)
        expected: dict[UUID, int] = {n.id: 0 for n in self.credit_notes}
        for note in sorted(mine, key=lambda n: (n.content.issue_date, n.number, str(n.id))):
            if not note.withdrawn and note.content.currency == self.invoice.content.currency:
                expected[note.id] = min(note.total, lacking)
                lacking -= expected[note.id]
        assert {n.id: n.applied_credit for n in self.credit_notes} == expected
        assert self.invoice.credited == sum(expected.values())

    # -- invariants ------------------------------------------------------------------------------------------
    @invariant()
    def versions_only_increase_and_only_on_content_change(self) -> None:
        for doc in [self.invoice, *self.credit_notes]:
            fingerprint = doc.content.fingerprint()
            if doc.id in self.seen:
                version, previous = self.seen[doc.id]
                assert doc.version == version + (fingerprint != previous)
            self.seen[doc.id] = (doc.version, fingerprint)

    @invariant()
    def invoice_invariants(self) -> None:
        """Outstanding is what is left, never below 0 nor above the total; credit never exceeds what was lacking."""
        inv = self.invoice
        assert inv.outstanding == max(0, inv.total - inv.imported_paid - inv.portal_paid - inv.credited)
        assert 0 <= inv.outstanding <= inv.total
        assert inv.due_before_credit == max(0, inv.total - inv.imported_paid - inv.portal_paid)
        assert 0 <= inv.credited <= inv.due_before_credit
        assert inv.status(ISSUE) == ("paid" if inv.outstanding == 0 else "open")

    @invariant()
    def after_allocation_each_note_applies_at_most_its_total_and_the_sums_agree(self) -> None:
        if not self.allocated:
            return
        for note in self.credit_notes:
            assert 0 <= note.applied_credit <= note.total
            if note.withdrawn or note.credit_for != INVOICE_NO:
                assert note.applied_credit == 0
        applied = sum(n.applied_credit for n in self.credit_notes if n.credit_for == INVOICE_NO)
        assert applied == self.invoice.credited

    @invariant()
    def the_explained_money_adds_up_to_the_outstanding(self) -> None:
        """PRODUCT §13, from what the detail shows: the notes' applied credit and each payment's net."""
        if not self.allocated:
            return
        inv = self.invoice
        assert inv.portal_paid == sum(self.net_payments)
        credited = sum(n.applied_credit for n in self.credit_notes if n.credit_for == INVOICE_NO)
        assert inv.outstanding == max(0, inv.total - inv.imported_paid - credited - sum(self.net_payments))


InvoiceWithCreditNotes.TestCase.settings = settings(max_examples=examples(50), stateful_step_count=20, deadline=None)
test_invoice_with_credit_notes = InvoiceWithCreditNotes.TestCase
