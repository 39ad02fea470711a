"""The statement of account (PRODUCT §13): its read model, what the reader gives for it, and the reader port."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from uuid import UUID

import msgspec

from application.queries.documents.views import SellerView

__all__ = [
    "AgeingView",
    "StatementCustomerView",
    "StatementItemView",
    "StatementReader",
    "StatementRow",
    "StatementSource",
    "StatementView",
]


class StatementItemView(msgspec.Struct, frozen=True, kw_only=True):
    """One open item: an invoice with money outstanding, or a credit note with credit not yet applied.

    - `outstanding` is what the item adds to the balance: an invoice's outstanding (> 0), or a credit note's
      unapplied credit as a negative amount; so the items' `outstanding` add up to the statement's `balance`.
    - `total` is the document's total incl. VAT, as the documents API gives it.
    - `due_date` and `days_overdue` are None for credit notes; `days_overdue` is 0 for an invoice not yet due.
    """

    id: UUID
    type: str
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    total: int
    outstanding: int
    days_overdue: int | None


class AgeingView(msgspec.Struct, frozen=True, kw_only=True):
    """The open invoices' outstanding by days overdue: not due, 1–30, 31–60, 61–90, more than 90."""

    not_due: int
    d1_30: int
    d31_60: int
    d61_90: int
    d90_plus: int


class StatementView(msgspec.Struct, frozen=True, kw_only=True):
    """A customer record's statement in one currency on `as_of` (today in Copenhagen).

    - `items`: the invoices this record pays (its bill-to, else its customer) with outstanding > 0, and its credit
      notes with unapplied credit; oldest first (issue date, number, id).
    - `balance == Σ invoices' outstanding − unapplied_credit`: the record's balance in `/api/v1/me`.
    - The ageing buckets add up to the invoices' outstanding.
    """

    customer_no: str
    name: str
    currency: str
    as_of: dt.date
    items: list[StatementItemView]
    ageing: AgeingView
    unapplied_credit: int
    balance: int


class StatementRow(msgspec.Struct, frozen=True, kw_only=True):
    """A document that adds to its payer's balance; `amount` is what it adds, by the balance rule of `/api/v1/me`."""

    id: UUID
    type: str
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    total: int
    amount: int


class StatementCustomerView(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    name: str
    address: list[str]
    email: str | None
    phone: str | None
    locale: str


class StatementSource(msgspec.Struct, frozen=True, kw_only=True):
    """What a statement is made from: the record, the seller of its newest document (None without documents),
    and every document of the currency with a non-zero share of the record's balance, oldest first.
    """

    customer: StatementCustomerView
    seller: SellerView | None
    rows: list[StatementRow]


class StatementReader(Protocol):
    """- The rows are exactly the documents `DocumentReader.balances_for` sums for the record and currency (the
      same SQL rule), less those that add 0: so Σ `amount` is the record's balance in `/api/v1/me`.
    - Withdrawn documents are never read.
    """

    async def statement_source(self, customer_no: str, currency: str, *, owner: str | None) -> StatementSource | None:
        """The record's statement source; None when there is no such record or, with `owner` (a normalised email),
        when the record's email is not that one. `owner` None: staff, any record.
        """
        ...
