"""The simulated payment's invariants under any sequence of customer and merchant actions (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from infrastructure.mobilepay.simulator.payments import SimPayment
from infrastructure.mobilepay.simulator.problems import VendorProblem

pytestmark = pytest.mark.adapter

AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
STATES = {"CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED"}


def _payment(amount: int = 10_000) -> SimPayment:
    return SimPayment(
        msn="123456",
        reference="ref-00000001",
        amount=amount,
        currency="DKK",
        user_flow="PUSH_MESSAGE",
        phone_number="4520123456",
        description=None,
        metadata=None,
        redirect_token="t",
        redirect_url=None,
        created_at=AT,
        expires_at=AT,
    )


class PaymentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.payment = _payment()
        self.payment.record("CREATED", self.payment.amount, at=AT, key="k")

    def _try(self, action: object) -> None:
        before = (
            self.payment.state,
            self.payment.captured,
            self.payment.refunded,
            self.payment.cancelled,
            len(self.payment.events),
        )
        try:
            action()  # type: ignore[operator]
        except VendorProblem:
            after = (
                self.payment.state,
                self.payment.captured,
                self.payment.refunded,
                self.payment.cancelled,
                len(self.payment.events),
            )
            assert after == before, "a refusal changes nothing"

    @rule()
    def approve(self) -> None:
        self._try(lambda: self.payment.approve(at=AT))

    @rule()
    def reject(self) -> None:
        self._try(lambda: self.payment.reject(at=AT))

    @rule(amount=st.integers(min_value=-5, max_value=12_000))
    def capture(self, amount: int) -> None:
        self._try(lambda: self.payment.capture(amount, "DKK", at=AT, key="c"))

    @rule(amount=st.integers(min_value=-5, max_value=12_000))
    def refund(self, amount: int) -> None:
        self._try(lambda: self.payment.refund(amount, "DKK", at=AT, key="r"))

    @rule(only=st.booleans())
    def cancel(self, only: bool) -> None:
        self._try(lambda: self.payment.cancel(transaction_only=only, at=AT, key=None))

    @invariant()
    def money_adds_up(self) -> None:
        p = self.payment
        assert p.state in STATES
        assert 0 <= p.captured <= p.authorized - (p.cancelled if p.state == "AUTHORIZED" else 0)
        assert 0 <= p.refunded <= p.captured
        assert p.authorized in {0, p.amount}

    @invariant()
    def the_log_explains_the_aggregate(self) -> None:
        p = self.payment
        total = {name: sum(e.amount for e in p.events if e.name == name) for name in ("CAPTURED", "REFUNDED")}
        assert (total["CAPTURED"], total["REFUNDED"]) == (p.captured, p.refunded)
        assert p.events[0].name == "CREATED"
        assert len({e.psp_reference for e in p.events}) == len(p.events)


PaymentMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=15, deadline=None)
test_payment_state_machine = PaymentMachine.TestCase


def test_a_wrong_currency_is_refused() -> None:
    payment = _payment()
    payment.approve(at=AT)
    with pytest.raises(VendorProblem) as raised:
        payment.capture(100, "EUR", at=AT, key="c")
    assert raised.value.code == "5040"


def test_cancel_after_full_capture_asks_for_a_refund() -> None:
    payment = _payment()
    payment.approve(at=AT)
    payment.capture(payment.amount, "DKK", at=AT, key="c")
    with pytest.raises(VendorProblem) as raised:
        payment.cancel(transaction_only=False, at=AT, key=None)
    assert raised.value.code == "6040"
