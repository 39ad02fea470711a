"""Stateful property test: one payment of several invoices (PRODUCT §13) against a model of MobilePay and of the
invoices, over invoices paid elsewhere, partial captures, refunds, and late or duplicated deliveries.

After every step: no invoice's portal-paid is below 0 or above its total; no invoice is paid beyond its total
unless it was paid elsewhere after its capture was taken (then the money really was paid twice); the shares of the
capture add up to it and each stays within what its invoice was asked for; Σ shares == captured − refunded; refunds
come back newest due first; and the invoices moved by exactly what `settle()` returned, once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, replace
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.payments.model import InvoiceDue, InvoiceShare, Payment
from domain.shared.events import DocumentRef
from tests.example_budget import examples
from tests.unit.domain.payments.vendor_model import Vendor

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
TOTALS = (1, 99_99, 500_00, 1234_56)
STARTS = tuple(itertools.product(range(1, 5), (0, 1, 2)))  # (how many invoices, which share of each is paid before)


@dataclass
class Invoice:
    ref: DocumentRef
    due_date: dt.date
    total: int
    outside: int = 0  # paid elsewhere (the imported paid)
    portal: int = 0  # what settle() moved

    @property
    def outstanding(self) -> int:
        return max(0, self.total - self.outside - self.portal)


class SeveralInvoicesAgainstVendor(RuleBasedStateMachine):
    @initialize(start=st.sampled_from(STARTS), totals=st.permutations(TOTALS))
    def begin(self, start: tuple[int, int], totals: list[int]) -> None:
        count, paid_before = start
        self.invoices = [
            Invoice(
                ref=DocumentRef(id=UUID(int=i + 1), type="invoice", number=f"INV-{i + 1}"),
                due_date=dt.date(2026, 11, 20) - dt.timedelta(days=3 * ((i * 7) % 5)),
                total=totals[i],
                outside=totals[i] * paid_before // 4,
            )
            for i in range(count)
        ]
        self.payment = Payment.start(
            payment_id=UUID(int=99),
            invoices=[InvoiceShare(document=i.ref, due_date=i.due_date, amount=i.outstanding) for i in self.invoices],
            currency="DKK",
            phone="+4520123456",
            party="C-1001",
            email="mette@example.dk",
            now=T0,
        )
        self.vendor = Vendor()
        self.history = [self.vendor]
        self.capture_asked: int | None = None
        self.paid_twice: set[UUID] = set()  # paid elsewhere after the capture was taken: money really paid twice
        self.step = 0

    # -- the world -------------------------------------------------------------------------------------------
    @rule(which=st.integers(0, 3), quarters=st.integers(1, 4))
    def paid_elsewhere(self, which: int, quarters: int) -> None:
        invoice = self.invoices[which % len(self.invoices)]
        paid = invoice.outstanding * quarters // 4
        if paid and self.vendor.captured > 0:  # after the capture was planned and taken
            self.paid_twice.add(invoice.ref.id)
        invoice.outside += paid

    @rule()
    def approve(self) -> None:
        if self.vendor.state == "CREATED":
            self._vendor(state="AUTHORIZED", authorized=self.payment.amount)

    @rule()
    def portal_captures(self) -> None:
        """The capture job: what was asked, no more than the invoices lack now (CapturePayment)."""
        v = self.vendor
        if self.capture_asked is None or v.captured or v.cancelled or v.state != "AUTHORIZED":
            return
        amount = self.payment.plan_capture(self._due(), self.capture_asked)
        if amount > 0:
            self._vendor(captured=amount)

    @rule()
    def portal_cancels(self) -> None:
        v = self.vendor
        if v.state == "AUTHORIZED" and v.cancelled == 0 and v.captured < v.authorized:
            self._vendor(cancelled=v.authorized - v.captured)

    @rule(quarters=st.integers(1, 4))
    def refund(self, quarters: int) -> None:
        v = self.vendor
        if v.captured > v.refunded:
            self._vendor(refunded=v.refunded + max(1, (v.captured - v.refunded) * quarters // 4))

    @rule(which=st.sampled_from((-1, -1, 0, 1, 2, 3, 5)), then_capture=st.booleans())
    def deliver(self, which: int, then_capture: bool) -> None:
        """The newest snapshot, or an earlier one again (late, reordered, duplicated); then settle as the
        application does (and, `then_capture`, the capture job runs at once)."""
        self._deliver(which)
        if then_capture:
            self.portal_captures()
            self._deliver(-1)

    def _deliver(self, which: int) -> None:
        facts = (self.vendor if which < 0 else self.history[which % len(self.history)]).facts()
        step = self.payment.observe(facts, due=self._due(), now=self._now())
        if step is not None and step.kind == "capture":
            assert self.capture_asked is None, "a second capture was asked for"
            self.capture_asked = step.amount
        by_id = {i.ref.id: i for i in self.invoices}
        for document_id, delta in self.payment.settle().items():
            by_id[document_id].portal += delta

    # -- invariants -------------------------------------------------------------------------------------------
    @invariant()
    def no_invoice_paid_beyond_its_total(self) -> None:
        for invoice in self.invoices:
            assert 0 <= invoice.portal <= invoice.total
            if invoice.ref.id not in self.paid_twice:
                assert invoice.outside + invoice.portal <= invoice.total

    @invariant()
    def shares_add_up(self) -> None:
        p = self.payment
        allocations = p.allocations
        for a in allocations:
            assert 0 <= a.refunded <= a.captured <= a.amount
        if p.captured:
            assert sum(a.captured for a in allocations) == p.captured
            assert sum(a.net for a in allocations) == p.captured - p.refunded
        assert sum(i.portal for i in self.invoices) == p.settled == sum(a.settled for a in allocations)
        assert p.settled in (0, p.captured - p.refunded)
        for earlier, later in itertools.pairwise(allocations):  # refunds come back newest due first
            assert earlier.refunded == 0 or later.refunded == later.captured
        assert [a.document.id for a in allocations] == [
            i.ref.id for i in sorted(self.invoices, key=lambda i: (i.due_date, i.ref.number))
        ]

    # -- helpers ----------------------------------------------------------------------------------------------
    def _vendor(self, **changes: int | str) -> None:
        self.vendor = replace(self.vendor, **changes)  # type: ignore[arg-type]
        self.history.append(self.vendor)

    def _due(self) -> dict[UUID, InvoiceDue]:
        return {i.ref.id: InvoiceDue(outstanding=i.outstanding, room=i.total - i.portal) for i in self.invoices}

    def _now(self) -> dt.datetime:
        self.step += 1
        return T0 + dt.timedelta(seconds=self.step)


# 1,500 sequences of up to 12 steps a run, a fresh seed each run: with the one-invoice machine, the suite's runs add up
# to well over 10,000 sequences of vendor facts. The fast tier draws a tenth (tests/example_budget.py).
SeveralInvoicesAgainstVendor.TestCase.settings = settings(
    max_examples=examples(1_500),
    stateful_step_count=12,
    deadline=None,
    database=None,
    phases=(Phase.generate,),
    suppress_health_check=[HealthCheck.too_slow],
)
test_several_invoices_against_the_vendor = SeveralInvoicesAgainstVendor.TestCase
