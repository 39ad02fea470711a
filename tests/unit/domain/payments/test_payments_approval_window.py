"""Until when a payment request can be approved in the app (the pending page shows it): MobilePay's 10 minutes in
CREATED, counted from when the portal stored the payment."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.payments.model import APPROVAL_WINDOW, NOT_AT_MOBILEPAY_AFTER, approval_deadline
from tests.builders import PAYMENT_STARTED_AT, started_payment

pytestmark = pytest.mark.unit


def test_a_request_can_be_approved_for_mobilepay_s_ten_minutes_from_when_it_was_stored() -> None:
    assert dt.timedelta(minutes=10) == APPROVAL_WINDOW
    payment = started_payment()
    assert approval_deadline(payment.created_at) == PAYMENT_STARTED_AT + dt.timedelta(minutes=10)


def test_the_approval_window_is_not_the_window_for_mobilepay_to_learn_of_the_payment() -> None:
    # a request MobilePay received late (the create job retrying) may still be approved after the shown deadline,
    # never before it; the portal gives up on a payment MobilePay never received only later
    assert APPROVAL_WINDOW < NOT_AT_MOBILEPAY_AFTER
