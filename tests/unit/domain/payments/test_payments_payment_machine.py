"""Stateful property test: one Payment against a model of MobilePay, over any order, duplication and forgery of
what MobilePay is said to say (PRODUCT §6.4).

The model plays the vendor (authorise, reject, expire, capture, refund, cancel) and keeps every snapshot of its
payment aggregate. Deliveries hand the Payment the newest snapshot, an old one (late, reordered, duplicated),
figures above what is allowed (refused whole, nothing changes), or arbitrary figures (a forgery the domain cannot
always tell from the truth). After every step: captured ≤ authorised ≤ amount, refunded ≤ captured, the invoice
moved by exactly what settle() returned and never by more than was captured, one positive settlement and one
completion at most, and while only the vendor spoke, never more money than the vendor really moved.

Each rule draws one value from a small table, so a step is cheap and the file runs thousands of sequences fast.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.payments.events import PaymentCompleted, PaymentRefunded
from domain.payments.model import ImplausibleVendorFacts, InvoiceDue, InvoiceShare, NextStep, Payment, VendorFacts
from domain.shared.events import DocumentRef
from tests.example_budget import examples
from tests.unit.domain.payments.vendor_model import Vendor

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
INVOICE = DocumentRef(id=UUID(int=1), type="invoice", number="INV-1")
STATES = ("CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED")

# What the vendor may do next: (move, quarter of what may be taken, 1..4). A move that cannot happen now is a no-op.
VENDOR_MOVES = (
    ("authorise", 0),
    ("reject", 0),
    ("expire", 0),
    ("capture_as_asked", 0),
    *(("capture", q) for q in (1, 2, 4)),
    *(("refund", q) for q in (1, 2, 4)),
    ("cancel", 0),
)
# What the portal is told: (which snapshot: -1 the newest, k ≥ 0 the k-th ever (mod their number), the
# outstanding it checks against (None: the invoice's), whether it settles at once, as the application does).
DELIVERIES = tuple(itertools.product((-1, -1, 0, 1, 2, 3, 5, 8), (None, None, 0), (True, True, False)))
# Figures above what is allowed, by how much: always refused whole.
ABOVE = tuple(
    itertools.product(
        ("captured_above_authorised", "refunded_above_captured", "above_amount", "second_capture"),
        (1, 99, 500_00),
        STATES,
    )
)
# Arbitrary figures: plausible or not, true or not.
_FIGURES = (0, 1, 250_00, 500_00, 1000_00, 1000_01, -1)
ARBITRARY = tuple(
    VendorFacts(state=s, authorized=a, captured=c, refunded=r, cancelled=x)
    for s, a, c, r, x in itertools.product(STATES, _FIGURES, _FIGURES, _FIGURES, (0, 1000_00, -1))
)
PORTAL_MOVES = ("settle", "refused:invalid_phone", "refused:cancelled", "capture_failed")


def _share(total: int, quarters: int) -> int:
    return max(1, total * quarters // 4)


class PaymentAgainstVendor(RuleBasedStateMachine):
    @initialize(start=st.sampled_from(tuple(itertools.product((1, 2, 500_00, 1000_00), (0, 1, 500_00, 5000_00)))))
    def begin(self, start: tuple[int, int]) -> None:
        amount, self.invoice_total = start
        self.payment = Payment.start(
            payment_id=UUID(int=7),
            invoices=[InvoiceShare(document=INVOICE, due_date=None, amount=amount)],
            currency="DKK",
            phone="+4520123456",
            party="C-1001",
            email="mette@example.dk",
            now=T0,
        )
        self.vendor = Vendor()
        self.history: list[Vendor] = [self.vendor]
        self.invoice_paid = 0  # the sum of what settle() returned: how far the invoice's portal-paid moved
        self.positive_settlements = 0
        self.asked: NextStep | None = None
        self.captures_asked = 0
        self.completed = 0
        self.refund_events = 0
        self.only_the_vendor_spoke = True
        self.step = 0
        self._collect()

    # -- the vendor: what really happens to the money ---------------------------------------------------------
    @rule(move=st.sampled_from(VENDOR_MOVES))
    def vendor_acts(self, move: tuple[str, int]) -> None:
        kind, quarters = move
        v = self.vendor
        if kind in ("authorise", "reject", "expire") and v.state == "CREATED":
            outcome = {"authorise": "AUTHORIZED", "reject": "ABORTED", "expire": "EXPIRED"}[kind]
            self._vendor_moves(state=outcome, authorized=self.payment.amount if kind == "authorise" else 0)
        elif kind == "capture_as_asked" and self.asked is not None and self.asked.kind == "capture":
            if v.state == "AUTHORIZED" and v.captured == 0 and v.cancelled == 0:
                assert 0 < self.asked.amount <= v.authorized
                self._vendor_moves(captured=self.asked.amount)
            self.asked = None
        elif kind == "capture" and v.state == "AUTHORIZED" and v.captured == 0 and v.cancelled == 0:
            self._vendor_moves(captured=_share(v.authorized, quarters))  # e.g. a smaller outstanding by then
        elif kind == "refund" and v.captured > v.refunded:
            self._vendor_moves(refunded=v.refunded + _share(v.captured - v.refunded, quarters))
        elif kind == "cancel" and v.state == "CREATED":
            self._vendor_moves(state="TERMINATED", cancelled=self.payment.amount)
        elif kind == "cancel" and v.state == "AUTHORIZED" and v.cancelled == 0 and v.captured < v.authorized:
            self._vendor_moves(cancelled=v.authorized - v.captured)

    # -- deliveries: what the portal is told ------------------------------------------------------------------
    @rule(delivery=st.sampled_from(DELIVERIES))
    def snapshot(self, delivery: tuple[int, int | None, bool]) -> None:
        """The newest snapshot, or any earlier one again: late, reordered and duplicated alike."""
        which, outstanding, settle = delivery
        facts = (self.vendor if which < 0 else self.history[which % len(self.history)]).facts()
        try:
            self._deliver(facts, outstanding, settle=settle)
        except ImplausibleVendorFacts:
            assert not self.only_the_vendor_spoke, "a true snapshot of the vendor was refused"

    @rule(claim=st.sampled_from(ABOVE))
    def figures_above_what_is_allowed(self, claim: tuple[str, int, str]) -> None:
        how, extra, state = claim
        p, v = self.payment, self.vendor
        authorized = max(v.authorized, p.authorized)
        captured = max(v.captured, p.captured)
        if how == "captured_above_authorised":
            facts = VendorFacts(state=state, authorized=authorized, captured=authorized + extra)
        elif how == "refunded_above_captured":
            facts = VendorFacts(state=state, authorized=authorized, captured=captured, refunded=captured + extra)
        elif how == "above_amount":
            facts = VendorFacts(state=state, authorized=p.amount + extra, captured=p.amount)
        elif p.captured:  # a second capture: more than the one capture taken
            facts = VendorFacts(state=state, authorized=p.amount + extra, captured=p.captured + extra)
        else:
            return
        before = self._snapshot()
        with pytest.raises(ImplausibleVendorFacts):
            self.payment.observe(facts, due=self._due(), now=self._now())
        assert self._snapshot() == before, "refused facts changed the payment"
        self._collect()

    @rule(facts=st.sampled_from(ARBITRARY), settle=st.booleans())
    def arbitrary_figures(self, facts: VendorFacts, settle: bool) -> None:
        """A forgery the domain cannot always tell from the truth: refused whole, or taken within the invariants."""
        before = self._snapshot()
        try:
            self._deliver(facts, None, settle=settle)
        except ImplausibleVendorFacts:
            assert self._snapshot() == before, "refused facts changed the payment"
            return
        if self._snapshot()[:6] != before[:6]:
            self.only_the_vendor_spoke = False

    # -- the portal's own moves -------------------------------------------------------------------------------
    @rule(move=st.sampled_from(PORTAL_MOVES))
    def portal(self, move: str) -> None:
        p = self.payment
        if move == "settle":
            self._settle()
            assert p.settle() == {}, "a second settle right after the first moved money"
        elif move == "capture_failed":
            step = p.capture_failed("wrong_state", self._now())
            assert (step is None) == (p.captured > 0)
        else:
            status = p.status
            p.refuse(move.partition(":")[2], self._now())
            if p.captured or status != "pending":
                assert p.status == status, "a refusal changed a captured or final payment"
            else:
                assert (p.status, p.reason) == ("failed", move.partition(":")[2])
        self._collect()

    # -- invariants -------------------------------------------------------------------------------------------
    @invariant()
    def money_within_limits_and_settled_once(self) -> None:
        p = self.payment
        assert 0 <= p.refunded <= p.captured <= p.authorized <= p.amount
        assert 0 <= p.settled <= p.captured
        assert p.settled == self.invoice_paid
        assert self.positive_settlements <= 1
        assert self.captures_asked <= 1
        assert self.completed == (1 if p.captured > 0 else 0)
        if p.captured > 0:
            assert p.status in ("complete", "refunded")
            assert (p.status == "refunded") == (p.refunded == p.captured)
        if self.only_the_vendor_spoke:
            v = self.vendor
            assert p.authorized <= v.authorized
            assert p.captured <= v.captured
            assert p.refunded <= v.refunded
            assert self.invoice_paid <= v.captured

    # -- helpers ----------------------------------------------------------------------------------------------
    def _vendor_moves(self, **changes: int | str) -> None:
        self.vendor = replace(self.vendor, **changes)  # type: ignore[arg-type]
        self.history.append(self.vendor)

    def _deliver(self, facts: VendorFacts, outstanding: int | None, *, settle: bool) -> None:
        step = self.payment.observe(facts, due=self._due(outstanding), now=self._now())
        if step is not None:
            if step.kind == "capture":
                self.captures_asked += 1
                assert 0 < step.amount <= self.payment.authorized
            self.asked = step
        if settle:
            self._settle()
        self._collect()

    def _settle(self) -> None:
        delta = sum(self.payment.settle().values())
        if delta > 0:
            self.positive_settlements += 1
        self.invoice_paid += delta

    def _collect(self) -> None:
        for event in self.payment.pull_events():
            if isinstance(event, PaymentCompleted):
                self.completed += 1
                assert event.amount == self.payment.captured
            elif isinstance(event, PaymentRefunded):
                self.refund_events += event.amount
        assert self.refund_events == self.payment.refunded

    def _snapshot(self) -> tuple[object, ...]:
        p = self.payment
        return (p.authorized, p.captured, p.refunded, p.settled, p.status, p.reason, p.created_at_vendor)

    def _due(self, outstanding: int | None = None) -> dict[UUID, InvoiceDue]:
        room = self.invoice_total - self.invoice_paid
        return {INVOICE.id: InvoiceDue(outstanding=room if outstanding is None else outstanding, room=room)}

    def _now(self) -> dt.datetime:
        self.step += 1
        return T0 + dt.timedelta(seconds=self.step)


# 1,500 sequences of up to 10 steps a run: about 10 s on an idle core (a Hypothesis step costs ~1 ms, a sequence
# ~5 ms of engine overhead besides). No example database and a fresh seed each run, so every run draws new sequences:
# the suite's runs add up (seven runs: over 10,000 sequences). The fast tier draws a tenth (tests/example_budget.py).
PaymentAgainstVendor.TestCase.settings = settings(
    max_examples=examples(1_500),
    stateful_step_count=10,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
test_payment_against_vendor = PaymentAgainstVendor.TestCase
