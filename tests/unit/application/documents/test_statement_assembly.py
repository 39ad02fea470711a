"""The statement of account's assembly and use cases (PRODUCT §13): a property over any open items, and the queries,
the PDF mapping and the download event through the real bus with fakes."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest
from dependency_injector import providers
from hypothesis import given
from hypothesis import strategies as st

from application.commands.documents.record_statement_downloaded import RecordStatementDownloaded
from application.commands.documents.withdraw_document import WithdrawDocument
from application.queries.documents.get_statement import GetStaffStatement, GetStatement, assemble_statement
from application.queries.documents.get_statement_pdf import GetStaffStatementPdf, GetStatementPdf
from application.queries.documents.statement_views import StatementCustomerView, StatementRow, StatementSource
from domain.documents.events import StatementDownloaded
from domain.documents.statement import bucket_of
from domain.shared.errors import DomainError, NotFound
from infrastructure.container import Container, build_container
from tests.builders import SELLER, document, line, upsert_customer, upsert_document
from tests.conftest import make_settings
from tests.fakes import FakeClock, FakePdfRenderer, FakeStatementReader, FakeUnitOfWork

pytestmark = pytest.mark.unit
MAIL = "mette@example.dk"
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
CUSTOMER = StatementCustomerView(
    customer_no="C-1001", name="Mette Jensen", address=[], email=MAIL, phone=None, locale="da"
)

invoices = st.builds(
    lambda amount, due, total_extra: ("invoice", amount, due, amount + total_extra),
    st.integers(1, 10**10),
    st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
    st.integers(0, 10**8),
)
credit_notes = st.builds(
    lambda amount, total_extra: ("credit_note", -amount, None, amount + total_extra),
    st.integers(1, 10**10),
    st.integers(0, 10**8),
)


@given(rows=st.lists(invoices | credit_notes, max_size=30), as_of=st.dates(dt.date(2025, 1, 1), dt.date(2027, 6, 30)))
def test_buckets_add_up_to_the_invoices_and_the_balance_is_outstanding_less_unapplied_credit(
    rows: list[tuple[str, int, dt.date | None, int]], as_of: dt.date
) -> None:
    source = StatementSource(
        customer=CUSTOMER,
        seller=None,
        rows=[
            StatementRow(
                id=uuid.UUID(int=n),
                type=kind,
                number=f"N-{n}",
                issue_date=dt.date(2024, 1, 1),
                due_date=due,
                total=total,
                amount=amount,
            )
            for n, (kind, amount, due, total) in enumerate(rows)
        ],
    )
    view = assemble_statement(source, currency="DKK", as_of=as_of)
    invoices_outstanding = sum(i.outstanding for i in view.items if i.type == "invoice")
    ageing = view.ageing
    assert ageing.not_due + ageing.d1_30 + ageing.d31_60 + ageing.d61_90 + ageing.d90_plus == invoices_outstanding
    assert view.unapplied_credit == -sum(amount for kind, amount, _, _ in rows if kind == "credit_note") >= 0
    # the balance /api/v1/me shows (PRODUCT §1): Σ outstanding of the invoices − the unapplied credit
    assert view.balance == invoices_outstanding - view.unapplied_credit == sum(i.outstanding for i in view.items)
    assert [i.id for i in view.items] == [r.id for r in source.rows]
    for item, (kind, _, due, _) in zip(view.items, rows, strict=True):
        if kind == "credit_note":
            assert (item.days_overdue, item.due_date) == (None, None)
        else:
            assert item.days_overdue == (max(0, (as_of - due).days) if due else 0)
            assert item.days_overdue is not None
            assert getattr(ageing, bucket_of(item.days_overdue)) >= item.outstanding


def _bus_container(tmp_path: Path, clock: FakeClock, **settings: str) -> Container:
    container = build_container(make_settings(tmp_path, **settings))
    store = FakeUnitOfWork().store
    container.uow.override(providers.Factory(FakeUnitOfWork, store=providers.Object(store)))
    container.clock.override(providers.Object(clock))
    container.statement_reader.override(providers.Object(FakeStatementReader(store)))
    container.pdf_renderer.override(providers.Object(FakePdfRenderer()))
    container.fake_store = store  # type: ignore[attr-defined]
    return container


@pytest.fixture
async def container(tmp_path: Path, clock: FakeClock) -> Container:
    clock.set(NOW)
    made = _bus_container(tmp_path, clock, brand_name="Nordvej Biler")
    await _seed(made)
    return made


async def _seed(container: Container) -> None:
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, name="Mette Jensen", locale="en"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="other@example.dk"))
    today = NOW.date()
    for record in (
        document("invoice", "INV-1", issue_date=today - dt.timedelta(days=50)),  # 36 days overdue
        document("invoice", "INV-2", issue_date=today - dt.timedelta(days=3), paid=25_00),
        document("invoice", "INV-3", customer_no="C-2001", bill_to_no="C-1001", issue_date=today),
        document("invoice", "INV-4", bill_to_no="C-2001"),
        document("invoice", "INV-EUR", currency="EUR"),
        document("invoice", "INV-GONE"),
        document(
            "credit_note", "CN-1", lines=[line(unit_price=200_00)], related=[{"type": "invoice", "number": "INV-1"}]
        ),
    ):
        await bus.handle(upsert_document(record))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-GONE"))


def _downloads(container: Container) -> list[Any]:
    return [e for e in container.fake_store.events if isinstance(e, StatementDownloaded)]  # type: ignore[attr-defined]


async def test_the_statement_of_a_record_through_the_bus(container: Container) -> None:
    view = await container.bus().handle(GetStatement(email=" Mette@Example.dk", customer_no="C-1001"))
    assert view.currency == "DKK"  # the market's (DK)
    assert view.as_of == NOW.date()
    # CN-1 (250,00) pays INV-1 (125,00) and leaves 125,00 unapplied
    assert [(i.number, i.outstanding, i.days_overdue) for i in view.items] == [
        ("CN-1", -125_00, None),  # issued 2 November
        ("INV-2", 100_00, 0),
        ("INV-3", 125_00, 0),
    ]
    assert (view.unapplied_credit, view.balance, view.ageing.not_due) == (125_00, 100_00, 225_00)
    staff = await container.bus().handle(GetStaffStatement(customer_no="C-1001"))
    assert staff == view


async def test_refusals_record_nothing(container: Container) -> None:
    bus = container.bus()
    for customer_no, email in (("C-2001", MAIL), ("C-404", MAIL), ("C-1001", ""), ("C-1001", "other@example.dk")):
        with pytest.raises(NotFound):
            await bus.handle(GetStatement(email=email, customer_no=customer_no))
        with pytest.raises(NotFound):
            await bus.handle(GetStatementPdf(email=email, customer_no=customer_no))
        with pytest.raises(NotFound):
            await bus.handle(
                RecordStatementDownloaded(customer_no=customer_no, currency="DKK", as_of=NOW.date(), email=email)
            )
    with pytest.raises(DomainError) as caught:
        await bus.handle(GetStatement(email=MAIL, customer_no="C-1001", currency="NOK"))
    assert caught.value.errors == [("/currency", "must be one of DKK, EUR")]
    with pytest.raises(NotFound):
        await bus.handle(GetStaffStatementPdf(customer_no="C-404"))
    assert container.pdf_renderer().statements == []
    assert _downloads(container) == []


async def test_the_pdf_maps_the_statement_brand_seller_and_the_record_s_locale(container: Container) -> None:
    bus = container.bus()
    view = await bus.handle(GetStatement(email=MAIL, customer_no="C-1001"))
    pdf = await bus.handle(GetStatementPdf(email=MAIL, customer_no="C-1001"))
    assert pdf.filename == "Statement-C-1001-2026-12-04.pdf"
    assert (pdf.customer_no, pdf.currency, pdf.as_of) == ("C-1001", "DKK", NOW.date())
    renderer: FakePdfRenderer = container.pdf_renderer()
    (rendered,) = renderer.statements
    assert pdf.content == renderer.render_statement(rendered)
    assert (rendered.brand, rendered.locale, rendered.currency, rendered.as_of) == (
        "Nordvej Biler",
        "en",
        "DKK",
        NOW.date(),
    )
    assert rendered.seller is not None and rendered.seller.name == SELLER["name"]
    assert rendered.customer.customer_no == "C-1001" and rendered.customer.name == "Mette Jensen"
    assert [i.number for i in rendered.items] == [i.number for i in view.items]
    assert (rendered.balance, rendered.unapplied_credit) == (view.balance, view.unapplied_credit)
    assert msgspec.structs.asdict(rendered.ageing) == msgspec.structs.asdict(view.ageing)
    staff = await bus.handle(GetStaffStatementPdf(customer_no="C-1001", currency="DKK"))
    assert staff.content == pdf.content
    assert _downloads(container) == []  # a query records nothing


async def test_each_download_is_one_event_of_the_record(container: Container) -> None:
    bus = container.bus()
    await bus.handle(RecordStatementDownloaded(customer_no="C-1001", currency="DKK", as_of=NOW.date(), email=MAIL))
    await bus.handle(RecordStatementDownloaded(customer_no="C-2001", currency="EUR", as_of=NOW.date()))
    events = _downloads(container)
    assert [(e.party, e.document, e.data()) for e in events] == [
        ("C-1001", None, {"currency": "DKK", "as_of": "2026-12-04"}),
        ("C-2001", None, {"currency": "EUR", "as_of": "2026-12-04"}),
    ]


async def test_the_currency_defaults_to_the_market_s(tmp_path: Path, clock: FakeClock) -> None:
    clock.set(NOW)
    finnish = _bus_container(tmp_path, clock, mobilepay_market="FI")
    await _seed(finnish)
    view = await finnish.bus().handle(GetStatement(email=MAIL, customer_no="C-1001"))
    assert (view.currency, [i.number for i in view.items]) == ("EUR", ["INV-EUR"])
