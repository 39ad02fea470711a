"""The statement of account's rules (PRODUCT §13): days overdue and the ageing of open invoices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = ["BUCKETS", "Ageing", "ageing_of", "bucket_of", "days_overdue"]

#: The ageing buckets, in order: not due yet, then 1–30, 31–60, 61–90 and more than 90 days overdue.
BUCKETS = ("not_due", "d1_30", "d31_60", "d61_90", "d90_plus")
_UPPER_BOUNDS = (0, 30, 60, 90)  # the last day of each bucket but the open-ended last one


def days_overdue(*, due_date: date | None, as_of: date) -> int:
    """Days past the due date on `as_of` (Copenhagen calendar): 0 up to and on the due date, and without one.

    The same rule as the invoice status (PRODUCT §4): overdue from the day after the due date.
    """
    if due_date is None:
        return 0
    return max(0, (as_of - due_date).days)


def bucket_of(days: int) -> str:
    """The bucket of an invoice `days` overdue (≥ 0): `not_due` for 0, `d1_30` for 1–30, … `d90_plus` for 91 on."""
    if days < 0:
        raise ValueError("days overdue is never negative")
    for name, upper in zip(BUCKETS, _UPPER_BOUNDS, strict=False):
        if days <= upper:
            return name
    return BUCKETS[-1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ageing:
    """What open invoices still lack, summed by how late they are (minor units).

    - Every open invoice is in exactly one bucket, so the buckets add up to the invoices' outstanding.
    - Credit notes are not aged: unapplied credit stands on its own line of the statement.
    """

    not_due: int = 0
    d1_30: int = 0
    d31_60: int = 0
    d61_90: int = 0
    d90_plus: int = 0

    @property
    def total(self) -> int:
        return self.not_due + self.d1_30 + self.d31_60 + self.d61_90 + self.d90_plus


def ageing_of(invoices: Iterable[tuple[int, int]]) -> Ageing:
    """The ageing of (outstanding, days overdue) pairs, one per open invoice."""
    sums = dict.fromkeys(BUCKETS, 0)
    for outstanding, days in invoices:
        sums[bucket_of(days)] += outstanding
    return Ageing(**sums)
