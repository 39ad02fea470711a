"""The statement of account on PostgreSQL and on SQLite (PRODUCT §13): open items of the record that pays them, the
ageing, unapplied credit, and a balance equal to the record's balance in `/api/v1/me` (one balance rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from application.queries.documents.get_statement import GetStaffStatement, GetStatement
from application.queries.documents.list_balances import ListBalances
from application.queries.documents.statement_views import StatementView
from domain.shared.errors import DomainError, NotFound
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"
NOW = dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)  # already 5 December in Copenhagen (UTC+1)
TODAY = dt.date(2026, 12, 5)
TOTAL = 125_00  # one default line: 100,00 + 25 % VAT


def invoice(number: str, *, days_overdue: int, **extra: Any) -> dict[str, Any]:
    """An invoice of C-1001 due `days_overdue` days before TODAY (negative: due later), issued 14 days before that."""
    due = TODAY - dt.timedelta(days=days_overdue)
    return document("invoice", number, issue_date=due - dt.timedelta(days=14), due_date=due.isoformat(), **extra)


@pytest.fixture(params=["postgresql", "sqlite"])
def store(request: pytest.FixtureRequest) -> Container:
    """The same tests on both databases the portal runs on."""
    container: Container = request.getfixturevalue(f"{'pg' if request.param == 'postgresql' else 'sqlite'}_container")
    return container


@pytest.fixture
async def people(store: Container, clock: Any) -> Container:
    """C-1001 and C-2001 share the person's address; C-3001 is someone else's. Seeded with every kind of row."""
    container = store
    clock.set(NOW)
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, name="Mette Jensen", locale="en"))
    await bus.handle(upsert_customer(customer_no="C-2001", email=MAIL, name="Jensen Transport ApS"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk", name="Anden Kunde"))
    records = [
        invoice("INV-01", days_overdue=-9),  # not due
        invoice("INV-02", days_overdue=0),  # due today: not overdue yet
        invoice("INV-03", days_overdue=10, paid=25_00),
        invoice("INV-04", days_overdue=45),
        invoice("INV-05", days_overdue=75),
        invoice("INV-06", days_overdue=120),
        invoice("INV-07", days_overdue=30),
        invoice("INV-08", days_overdue=31),
        invoice("INV-PAID", days_overdue=20, paid=TOTAL),
        invoice("INV-BILLED", days_overdue=5, customer_no="C-3001", bill_to_no="C-1001"),  # C-1001 pays it
        invoice("INV-OTHER-PAYS", days_overdue=5, bill_to_no="C-2001"),  # C-2001 pays it
        invoice("INV-EUR", days_overdue=61, currency="EUR"),
        invoice("INV-GONE", days_overdue=3),
        invoice("INV-CREDITED", days_overdue=50),
        document(
            "credit_note",
            "CN-ALL",
            lines=[line(unit_price=100_00)],
            related=[{"type": "invoice", "number": "INV-CREDITED"}],
        ),
        document("credit_note", "CN-FREE", lines=[line(unit_price=40_00)], issue_date=dt.date(2026, 11, 30)),
        document(
            "credit_note", "CN-REST", lines=[line(unit_price=200_00)], related=[{"type": "invoice", "number": "INV-04"}]
        ),
        document("credit_note", "CN-FOREIGN", customer_no="C-3001", lines=[line(unit_price=10_00)]),
        document("quote", "Q-1"),
        invoice("INV-9", days_overdue=40, customer_no="C-3001"),
    ]
    for record in records:
        await bus.handle(upsert_document(record))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-GONE"))
    return container


async def _me(container: Container, customer_no: str, currency: str) -> int:
    balances = await container.bus().handle(ListBalances(email=MAIL))
    found = {(b.customer_no, x.currency): x.amount for b in balances for x in b.balances}
    return found.get((customer_no, currency), 0)


async def test_the_open_items_the_ageing_and_the_balance_of_a_record(people: Container) -> None:
    view: StatementView = await people.bus().handle(GetStatement(email=MAIL, customer_no="C-1001", currency="DKK"))
    assert (view.customer_no, view.name, view.currency, view.as_of) == ("C-1001", "Mette Jensen", "DKK", TODAY)
    items = {i.number: i for i in view.items}
    # CN-REST's 250,00 pays INV-04 (125,00) and leaves 125,00 unapplied; CN-ALL (125,00) pays INV-CREDITED in full.
    assert set(items) == {
        "INV-01", "INV-02", "INV-03", "INV-05", "INV-06", "INV-07", "INV-08", "INV-BILLED", "CN-FREE", "CN-REST",
    }  # fmt: skip
    assert [i.number for i in view.items] == sorted(items, key=lambda n: (items[n].issue_date, n))
    assert {n: i.days_overdue for n, i in items.items() if i.type == "invoice"} == {
        "INV-01": 0, "INV-02": 0, "INV-03": 10, "INV-05": 75, "INV-06": 120, "INV-07": 30, "INV-08": 31,
        "INV-BILLED": 5,
    }  # fmt: skip
    assert items["INV-03"].outstanding == TOTAL - 25_00
    assert (items["CN-FREE"].outstanding, items["CN-FREE"].days_overdue, items["CN-FREE"].due_date) == (
        -50_00,
        None,
        None,
    )
    assert (items["CN-REST"].total, items["CN-REST"].outstanding) == (250_00, -125_00)
    assert view.ageing.not_due == 2 * TOTAL
    assert view.ageing.d1_30 == (TOTAL - 25_00) + TOTAL + TOTAL  # INV-03, INV-07, INV-BILLED
    assert (view.ageing.d31_60, view.ageing.d61_90, view.ageing.d90_plus) == (TOTAL, TOTAL, TOTAL)
    assert view.unapplied_credit == 50_00 + 125_00
    open_invoices = sum(i.outstanding for i in view.items if i.type == "invoice")
    assert view.balance == open_invoices - view.unapplied_credit == sum(i.outstanding for i in view.items)
    assert view.balance == await _me(people, "C-1001", "DKK")


async def test_every_record_and_currency_has_the_balance_of_me(people: Container) -> None:
    bus = people.bus()
    for customer_no in ("C-1001", "C-2001"):
        for currency in ("DKK", "EUR"):
            view = await bus.handle(GetStatement(email=MAIL, customer_no=customer_no, currency=currency))
            assert view.balance == await _me(people, customer_no, currency), (customer_no, currency)
            assert view.ageing.not_due + view.ageing.d1_30 + view.ageing.d31_60 + view.ageing.d61_90 + (
                view.ageing.d90_plus
            ) == sum(i.outstanding for i in view.items if i.type == "invoice")
    euros = await bus.handle(GetStatement(email=MAIL, customer_no="C-1001", currency="EUR"))
    assert [(i.number, i.days_overdue) for i in euros.items] == [("INV-EUR", 61)]
    assert euros.ageing.d61_90 == TOTAL
    other = await bus.handle(GetStatement(email="  METTE@example.DK ", customer_no="C-2001"))
    assert [i.number for i in other.items] == ["INV-OTHER-PAYS"]


async def test_the_currency_defaults_to_the_market_s_and_must_be_one_of_ours(people: Container) -> None:
    bus = people.bus()
    assert (await bus.handle(GetStatement(email=MAIL, customer_no="C-1001"))).currency == "DKK"
    for bad in ("XYZ", "dkk", ""):
        with pytest.raises(DomainError) as caught:
            await bus.handle(GetStatement(email=MAIL, customer_no="C-1001", currency=bad))
        assert caught.value.errors[0][0] == "/currency"


async def test_a_record_the_person_does_not_own_is_not_found_and_staff_see_any(people: Container) -> None:
    bus = people.bus()
    for customer_no in ("C-3001", "C-404", ""):
        with pytest.raises(NotFound):
            await bus.handle(GetStatement(email=MAIL, customer_no=customer_no))
    with pytest.raises(NotFound):
        await bus.handle(GetStatement(email="", customer_no="C-1001"))
    staff = await bus.handle(GetStaffStatement(customer_no="C-3001"))
    assert [i.number for i in staff.items] == ["INV-9", "CN-FOREIGN"]  # issued 12 October and 2 November
    assert staff.balance == TOTAL - 12_50
    with pytest.raises(NotFound):
        await bus.handle(GetStaffStatement(customer_no="C-404"))


async def test_a_record_without_documents_has_an_empty_statement(people: Container) -> None:
    bus = people.bus()
    await bus.handle(upsert_customer(customer_no="C-5001", email=MAIL, name="Ny Kunde"))
    view = await bus.handle(GetStatement(email=MAIL, customer_no="C-5001"))
    assert (view.items, view.balance, view.unapplied_credit, view.ageing.not_due) == ([], 0, 0, 0)
