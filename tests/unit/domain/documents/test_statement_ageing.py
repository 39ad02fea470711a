"""The statement's days overdue and ageing buckets (PRODUCT §13)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.documents.model import invoice_status
from domain.documents.statement import BUCKETS, ageing_of, bucket_of, days_overdue

pytestmark = pytest.mark.unit
DAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("due", "expected"),
    [(DAY + dt.timedelta(days=5), 0), (DAY, 0), (DAY - dt.timedelta(days=1), 1), (DAY - dt.timedelta(days=91), 91)],
)
def test_days_overdue_count_from_the_day_after_the_due_date(due: dt.date, expected: int) -> None:
    assert days_overdue(due_date=due, as_of=DAY) == expected
    assert (expected > 0) == (invoice_status(outstanding=1, due_date=due, today=DAY) == "overdue")


def test_an_invoice_without_a_due_date_is_never_overdue() -> None:
    assert days_overdue(due_date=None, as_of=DAY) == 0


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, "not_due"), (1, "d1_30"), (30, "d1_30"), (31, "d31_60"), (60, "d31_60"), (61, "d61_90"), (90, "d61_90"),
     (91, "d90_plus"), (10_000, "d90_plus")],
)  # fmt: skip
def test_the_bucket_boundaries(days: int, bucket: str) -> None:
    assert bucket_of(days) == bucket


def test_days_overdue_are_never_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        bucket_of(-1)


@given(st.lists(st.tuples(st.integers(1, 10**12), st.integers(0, 2000)), max_size=40))
def test_the_buckets_add_up_to_the_outstanding_and_each_invoice_is_in_its_own(invoices: list[tuple[int, int]]) -> None:
    ageing = ageing_of(invoices)
    assert ageing.total == sum(outstanding for outstanding, _ in invoices)
    for name in BUCKETS:
        assert getattr(ageing, name) == sum(o for o, days in invoices if bucket_of(days) == name)
