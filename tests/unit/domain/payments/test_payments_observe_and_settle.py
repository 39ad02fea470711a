"""Payment.observe and Payment.settle driven directly: MobilePay's figures within the invariants, one settlement."""

from __future__ import annotations

import pytest

from domain.payments.events import PaymentCompleted, PaymentFailed, PaymentRefunded
from domain.payments.model import ImplausibleVendorFacts, NextStep, Payment, VendorFacts
from tests.builders import PAYMENT_STARTED_AT, due_of_one, settle_one, started_payment

pytestmark = pytest.mark.unit

T0 = PAYMENT_STARTED_AT
AMOUNT = 500_00


def _facts(state: str = "AUTHORIZED", authorized: int = AMOUNT, captured: int = 0, refunded: int = 0) -> VendorFacts:
    return VendorFacts(state=state, authorized=authorized, captured=captured, refunded=refunded, psp_reference="psp")


def _money(payment: Payment) -> tuple[str, int, int, int, int]:
    return payment.status, payment.authorized, payment.captured, payment.refunded, payment.settled


def _complete(payment: Payment) -> None:
    assert payment.observe(_facts(), due=due_of_one(AMOUNT), now=T0) == NextStep(kind="capture", amount=AMOUNT)
    payment.observe(_facts(captured=AMOUNT), due=due_of_one(AMOUNT), now=T0)
    assert settle_one(payment) == AMOUNT


def test_authorised_then_captured_completes_and_settles_the_capture_once() -> None:
    payment = started_payment()
    _complete(payment)
    assert _money(payment) == ("complete", AMOUNT, AMOUNT, 0, AMOUNT)
    assert [type(e) for e in payment.pull_events()] == [PaymentCompleted]
    for _ in range(3):  # the same capture again, and an older read from before it
        payment.observe(_facts(captured=AMOUNT), due=due_of_one(0), now=T0)
        payment.observe(_facts(), due=due_of_one(0), now=T0)
        assert settle_one(payment) == 0
    assert payment.pull_events() == []
    assert _money(payment) == ("complete", AMOUNT, AMOUNT, 0, AMOUNT)


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        # the reported case: a complete 500,00 payment told it captured 1.000,00 of the 500,00 authorised
        (_facts(captured=2 * AMOUNT), "above the authorised"),
        (_facts(authorized=2 * AMOUNT, captured=2 * AMOUNT), "above the payment's"),
        (_facts(captured=AMOUNT, refunded=AMOUNT + 1), "above the captured"),
        (_facts(captured=AMOUNT - 100), "where 50000 was captured"),
        (_facts(captured=-1), "negative"),
    ],
)
def test_figures_above_what_is_allowed_change_nothing_on_a_complete_payment(facts: VendorFacts, problem: str) -> None:
    payment = started_payment()
    _complete(payment)
    payment.pull_events()
    with pytest.raises(ImplausibleVendorFacts, match=problem):
        payment.observe(facts, due=due_of_one(AMOUNT), now=T0)
    assert _money(payment) == ("complete", AMOUNT, AMOUNT, 0, AMOUNT)
    assert settle_one(payment) == 0
    assert payment.pull_events() == []


def test_a_pending_payment_told_of_a_capture_above_the_authorisation_stays_pending_and_asks_nothing() -> None:
    payment = started_payment()
    with pytest.raises(ImplausibleVendorFacts):
        payment.observe(_facts(authorized=100, captured=AMOUNT), due=due_of_one(AMOUNT), now=T0)
    assert _money(payment) == ("pending", 0, 0, 0, 0)
    assert settle_one(payment) == 0
    # the true authorisation afterwards is taken as usual: one capture is asked for
    assert payment.observe(_facts(), due=due_of_one(300_00), now=T0) == NextStep(kind="capture", amount=300_00)


def test_refunds_lower_what_is_settled_and_all_of_it_makes_the_payment_refunded() -> None:
    payment = started_payment()
    _complete(payment)
    payment.pull_events()
    payment.observe(_facts(captured=AMOUNT, refunded=100_00), due=due_of_one(0), now=T0)
    payment.observe(_facts(captured=AMOUNT, refunded=100_00), due=due_of_one(0), now=T0)  # a duplicate
    assert settle_one(payment) == -100_00
    payment.observe(_facts(captured=AMOUNT, refunded=50_00), due=due_of_one(0), now=T0)  # stale: changes nothing
    assert settle_one(payment) == 0
    payment.observe(_facts(captured=AMOUNT, refunded=AMOUNT), due=due_of_one(0), now=T0)
    assert settle_one(payment) == -400_00
    assert _money(payment) == ("refunded", AMOUNT, AMOUNT, AMOUNT, 0)
    assert [e.amount for e in payment.pull_events() if isinstance(e, PaymentRefunded)] == [100_00, 400_00]


def test_captured_before_authorised_and_settled_late_still_settles_once() -> None:
    payment = started_payment()
    payment.observe(_facts(captured=AMOUNT), due=due_of_one(AMOUNT), now=T0)  # the capture's news came first
    payment.observe(_facts(captured=AMOUNT, refunded=100_00), due=due_of_one(0), now=T0)
    payment.observe(_facts(), due=due_of_one(0), now=T0)  # the authorisation's, late
    assert settle_one(payment) == 400_00
    assert settle_one(payment) == 0
    assert [type(e) for e in payment.pull_events()] == [PaymentCompleted, PaymentRefunded]


def test_nothing_outstanding_when_authorised_cancels_and_fails_with_already_paid() -> None:
    payment = started_payment()
    assert payment.observe(_facts(), due=due_of_one(0), now=T0) == NextStep(kind="cancel")
    assert (payment.status, payment.reason) == ("failed", "already_paid")
    assert payment.observe(_facts(), due=due_of_one(AMOUNT), now=T0) is None  # asked once only
    assert [type(e) for e in payment.pull_events()] == [PaymentFailed]
    assert settle_one(payment) == 0
