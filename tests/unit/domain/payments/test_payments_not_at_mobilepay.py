"""Payment.missing_at_vendor and Payment.owed_step driven directly: a payment MobilePay never received ends after
the create job's window, and an authorisation nobody captured yet can be asked for again."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.payments.events import PaymentFailed
from domain.payments.model import NOT_AT_MOBILEPAY, NOT_AT_MOBILEPAY_AFTER, NextStep, VendorFacts
from tests.builders import PAYMENT_STARTED_AT, due_of_one, started_payment

pytestmark = pytest.mark.unit

T0 = PAYMENT_STARTED_AT
AMOUNT = 500_00
SECOND = dt.timedelta(seconds=1)


def test_the_window_is_longer_than_the_create_jobs_retries() -> None:
    # 30 retries with a backoff of at most 30 s each: about 13 minutes of trying
    assert dt.timedelta(minutes=13) < NOT_AT_MOBILEPAY_AFTER
    assert started_payment().not_at_mobilepay_from == T0 + NOT_AT_MOBILEPAY_AFTER


def test_not_found_within_the_window_changes_nothing() -> None:
    payment = started_payment()
    for now in (T0, T0 + NOT_AT_MOBILEPAY_AFTER - SECOND):
        assert payment.missing_at_vendor(now) is False
    assert (payment.status, payment.reason) == ("pending", None)
    assert payment.pull_events() == []


@pytest.mark.parametrize("acknowledged", [False, True])
def test_not_found_after_the_window_fails_with_the_reason_once(acknowledged: bool) -> None:
    payment = started_payment()
    if acknowledged:  # MobilePay lost a payment it once accepted: it can never be captured either
        payment.acknowledge(T0)
    assert payment.missing_at_vendor(T0 + NOT_AT_MOBILEPAY_AFTER) is True
    assert (payment.status, payment.reason) == ("failed", NOT_AT_MOBILEPAY)
    assert payment.missing_at_vendor(T0 + 2 * NOT_AT_MOBILEPAY_AFTER) is False
    events = payment.pull_events()
    assert [(type(e), getattr(e, "reason", None)) for e in events] == [(PaymentFailed, NOT_AT_MOBILEPAY)]


def test_the_owed_capture_is_asked_again_until_something_is_captured() -> None:
    payment = started_payment()
    assert payment.owed_step(due=due_of_one(AMOUNT), now=T0) is None  # not authorised yet
    step = NextStep(kind="capture", amount=AMOUNT)
    assert payment.observe(VendorFacts(state="AUTHORIZED", authorized=AMOUNT), due=due_of_one(AMOUNT), now=T0) == step
    assert payment.observe(VendorFacts(state="AUTHORIZED", authorized=AMOUNT), due=due_of_one(AMOUNT), now=T0) is None
    assert payment.owed_step(due=due_of_one(300_00), now=T0) == NextStep(kind="capture", amount=300_00)
    payment.observe(VendorFacts(state="AUTHORIZED", authorized=AMOUNT, captured=300_00), due=due_of_one(0), now=T0)
    assert payment.status == "complete"
    assert payment.owed_step(due=due_of_one(AMOUNT), now=T0) is None


def test_an_owed_capture_with_nothing_left_to_pay_is_a_cancel_and_already_paid() -> None:
    payment = started_payment()
    payment.observe(VendorFacts(state="AUTHORIZED", authorized=AMOUNT), due=due_of_one(AMOUNT), now=T0)
    assert payment.owed_step(due=due_of_one(0), now=T0) == NextStep(kind="cancel")
    assert (payment.status, payment.reason) == ("failed", "already_paid")
    assert payment.owed_step(due=due_of_one(AMOUNT), now=T0) is None
