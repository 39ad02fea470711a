"""StatementReader (PRODUCT §13, ADR-0028), one contract run on the fake, on SQLite and on PostgreSQL: a record's
statement source has the documents it pays in the currency with a non-zero share of its balance, oldest first, the
seller of its newest document, and nothing for an unknown record or another person's."""

from __future__ import annotations

import datetime as dt

import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from infrastructure.container import Container
from tests.builders import SELLER, document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.contract


async def _seed(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email="mette@example.dk", phone="+4520123456"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="jens@example.dk"))
    newer_seller = {**SELLER, "name": "Nordvej Biler Syd ApS"}
    for record in (
        document("invoice", "INV-2", issue_date=dt.date(2026, 10, 5)),
        document("invoice", "INV-1", issue_date=dt.date(2026, 10, 1)),
        document("invoice", "INV-3", issue_date=dt.date(2026, 10, 6), paid=125_00),  # paid: adds 0
        document("invoice", "INV-4", issue_date=dt.date(2026, 10, 7), currency="EUR"),
        document("invoice", "INV-5", issue_date=dt.date(2026, 10, 8)),  # withdrawn below
        document("invoice", "INV-6", customer_no="C-2001", bill_to_no="C-1001", issue_date=dt.date(2026, 10, 9)),
        document("invoice", "INV-7", bill_to_no="C-2001", issue_date=dt.date(2026, 10, 10)),  # Jens pays it
        document("credit_note", "CN-1", issue_date=dt.date(2026, 10, 11), lines=[line(10_00)]),
        document("order", "ORD-1", issue_date=dt.date(2026, 10, 12), seller=newer_seller),
    ):
        await bus.handle(upsert_document(record))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-5"))


async def test_the_rows_are_the_documents_the_record_pays_oldest_first(store: Container) -> None:
    await _seed(store)
    source = await store.statement_reader().statement_source("C-1001", "DKK", owner="mette@example.dk")
    assert source is not None
    assert [(r.number, r.amount, r.total) for r in source.rows] == [
        ("INV-1", 125_00, 125_00),
        ("INV-2", 125_00, 125_00),
        ("INV-6", 125_00, 125_00),
        ("CN-1", -12_50, 12_50),
    ]
    assert source.rows[0].due_date == dt.date(2026, 10, 15) and source.rows[-1].due_date is None
    assert (source.customer.customer_no, source.customer.email, source.customer.phone, source.customer.locale) == (
        "C-1001",
        "mette@example.dk",
        "+4520123456",
        "da",
    )
    assert source.seller is not None and source.seller.name == "Nordvej Biler Syd ApS"
    euro = await store.statement_reader().statement_source("C-1001", "EUR", owner=None)
    assert euro is not None and [r.number for r in euro.rows] == ["INV-4"]


async def test_an_unknown_record_or_another_persons_answers_none(store: Container) -> None:
    await _seed(store)
    reader = store.statement_reader()
    assert await reader.statement_source("C-9999", "DKK", owner=None) is None
    assert await reader.statement_source("C-2001", "DKK", owner="mette@example.dk") is None
    staff = await reader.statement_source("C-2001", "DKK", owner=None)
    assert staff is not None and [r.number for r in staff.rows] == ["INV-7"]


async def test_a_record_without_documents_has_no_rows_and_no_seller(store: Container) -> None:
    await store.bus().handle(upsert_customer(customer_no="C-3001", email="karen@example.dk"))
    source = await store.statement_reader().statement_source("C-3001", "DKK", owner="karen@example.dk")
    assert source is not None and source.rows == [] and source.seller is None
