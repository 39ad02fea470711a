"""GetStatement and GetStaffStatement: a customer record's statement of account in one currency (PRODUCT §13)."""

from __future__ import annotations

import datetime as dt

import msgspec

from application.ports.clock import Clock
from application.queries.documents.statement_views import (
    AgeingView,
    StatementItemView,
    StatementReader,
    StatementRow,
    StatementSource,
    StatementView,
)
from domain.documents.customer import normalise_email
from domain.documents.money import CURRENCIES
from domain.documents.statement import ageing_of, days_overdue
from domain.shared.clock import business_date
from domain.shared.errors import DomainError, NotFound

__all__ = [
    "GetStaffStatement",
    "GetStaffStatementHandler",
    "GetStatement",
    "GetStatementHandler",
    "StatementAsker",
    "assemble_statement",
]


class GetStatement(msgspec.Struct, frozen=True, kw_only=True):
    """A signed-in person's statement of one of their customer records; `currency` None: the market's."""

    email: str
    customer_no: str
    currency: str | None = None


class GetStaffStatement(msgspec.Struct, frozen=True, kw_only=True):
    """Staff (admin API, CLI): the statement of any customer record; `currency` None: the market's."""

    customer_no: str
    currency: str | None = None


class StatementAsker:
    """Reads and assembles a statement for the statement queries (JSON and PDF, customer and staff).

    - The currency defaults to the market's (`default_currency`); one that is not DKK or EUR is a DomainError on
      `/currency`, checked before anything is read.
    - A record that does not exist, or (for a person) is not theirs, raises NotFound: the same for both.
    - `as_of` is today's date in Copenhagen by the clock.
    """

    def __init__(self, reader: StatementReader, clock: Clock, default_currency: str) -> None:
        self._reader = reader
        self._clock = clock
        self._default_currency = default_currency

    async def ask(
        self, customer_no: str, currency: str | None, *, email: str | None
    ) -> tuple[StatementSource, StatementView]:
        """`email` None: staff."""
        chosen = self._default_currency if currency is None else currency
        if chosen not in CURRENCIES:
            raise DomainError(
                f"currency must be one of {', '.join(CURRENCIES)}",
                [("/currency", f"must be one of {', '.join(CURRENCIES)}")],
            )
        owner = None if email is None else normalise_email(email)
        source = None
        if owner != "":  # an empty address owns nothing
            source = await self._reader.statement_source(customer_no, chosen, owner=owner)
        if source is None:
            raise NotFound(f"no customer {customer_no}")
        as_of = business_date(self._clock.now())
        return source, assemble_statement(source, currency=chosen, as_of=as_of)


class GetStatementHandler:
    """- Only a record whose email is the person's; any other customer_no (unknown or foreign) is the same NotFound."""

    def __init__(self, asker: StatementAsker) -> None:
        self._asker = asker

    async def __call__(self, query: GetStatement) -> StatementView:
        _, view = await self._asker.ask(query.customer_no, query.currency, email=query.email)
        return view


class GetStaffStatementHandler:
    """- Any record; an unknown customer_no raises NotFound."""

    def __init__(self, asker: StatementAsker) -> None:
        self._asker = asker

    async def __call__(self, query: GetStaffStatement) -> StatementView:
        _, view = await self._asker.ask(query.customer_no, query.currency, email=None)
        return view


def assemble_statement(source: StatementSource, *, currency: str, as_of: dt.date) -> StatementView:
    """The statement of `source` on `as_of`.

    - Invoices carry their days overdue (0 when not yet due) and are aged into the buckets; credit notes are not.
    - `balance` is the sum of what each row adds to the balance (the `/api/v1/me` rule, applied by the reader):
      the invoices' outstanding less the unapplied credit.
    """
    items: list[StatementItemView] = []
    aged: list[tuple[int, int]] = []
    for row in source.rows:
        days = days_overdue(due_date=row.due_date, as_of=as_of) if row.type == "invoice" else None
        if days is not None:
            aged.append((row.amount, days))
        items.append(_item(row, days))
    ageing = ageing_of(aged)
    return StatementView(
        customer_no=source.customer.customer_no,
        name=source.customer.name,
        currency=currency,
        as_of=as_of,
        items=items,
        ageing=AgeingView(
            not_due=ageing.not_due,
            d1_30=ageing.d1_30,
            d31_60=ageing.d31_60,
            d61_90=ageing.d61_90,
            d90_plus=ageing.d90_plus,
        ),
        unapplied_credit=-sum(row.amount for row in source.rows if row.type != "invoice"),
        balance=sum(row.amount for row in source.rows),
    )


def _item(row: StatementRow, days: int | None) -> StatementItemView:
    invoice = days is not None
    return StatementItemView(
        id=row.id,
        type=row.type,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date if invoice else None,
        total=row.total,
        outstanding=row.amount,
        days_overdue=days,
    )
