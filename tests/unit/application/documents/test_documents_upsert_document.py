"""UpsertDocument through the real bus with fakes (PRODUCT §1, §10, §12)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentResult
from domain.documents.errors import InvalidDocument, TotalsMismatch
from domain.documents.events import DocumentPublished
from domain.documents.model import Document
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document
from tests.fakes import FakeClock

pytestmark = pytest.mark.unit

EXAMPLE_LINE = {
    "item_no": "SRV-100",
    "description": "Service 60.000 km",
    "quantity": "1",
    "unit": "stk",
    "unit_price": 249500,
    "discount_percent": "10",
    "vat_rate": "25",
}
EXAMPLE_TOTALS = {"gross": 249500, "discount": 24950, "net": 224550, "vat": 56138, "total": 280688}


def stored(container: Container, type_: str = "invoice", number: str = "INV-1") -> Document:
    store = container.fake_store  # type: ignore[attr-defined]
    return next(d for d in store.documents.values() if d.type == type_ and d.number == number)


def published(container: Container) -> list[DocumentPublished]:
    return [e for e in container.fake_store.events if isinstance(e, DocumentPublished)]  # type: ignore[attr-defined]


@pytest.fixture
async def customers(fake_container: Container) -> Container:
    bus = fake_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email="mette@example.dk", phone="+4520123456"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="firma@example.dk"))
    return fake_container


async def _upsert(container: Container, record: dict[str, Any]) -> UpsertDocumentResult:
    result: UpsertDocumentResult = await container.bus().handle(upsert_document(record))
    return result


# -- created, unchanged, changed ---------------------------------------------------------------------------------


async def test_the_import_format_example_is_created_as_version_1(customers: Container, clock: FakeClock) -> None:
    record = document(
        "invoice",
        "INV-10023",
        bill_to_no="C-2001",
        lines=[EXAMPLE_LINE],
        totals=EXAMPLE_TOTALS,
        related=[{"type": "order", "number": "ORD-5001"}],
        notes="Betaling 14 dage netto.",
    )
    result = await _upsert(customers, record)
    assert (result.version, result.created, result.published) == (1, True, True)
    doc = stored(customers, "invoice", "INV-10023")
    assert doc.id == result.id
    assert (doc.total, doc.outstanding, doc.customer_no, doc.bill_to_no) == (280688, 280688, "C-1001", "C-2001")
    assert doc.content.customer.email == "mette@example.dk"  # the customer record is snapshot
    assert doc.content.customer.phone == "+4520123456"
    assert doc.content.bill_to is not None
    assert doc.content.bill_to.customer_no == "C-2001"
    [event] = published(customers)
    assert (event.event_type, event.version, event.restored, event.party) == ("document.published", 1, False, "C-1001")
    assert event.document is not None
    assert (event.document.id, event.document.number) == (result.id, "INV-10023")
    assert event.occurred_at == clock.now()


async def test_an_identical_reimport_makes_no_version_and_no_event(customers: Container) -> None:
    first = await _upsert(customers, document(lines=[line(quantity="2")]))
    again = await _upsert(customers, document(lines=[line(quantity="2.000")]))  # the same, spelled otherwise
    assert again == UpsertDocumentResult(id=first.id, version=1, created=False, published=False)
    assert len(published(customers)) == 1


async def test_changed_content_makes_version_2_and_an_event(customers: Container, clock: FakeClock) -> None:
    first = await _upsert(customers, document())
    clock.advance(hours=1)
    second = await _upsert(customers, document(lines=[line(unit_price=150_00)]))
    assert second == UpsertDocumentResult(id=first.id, version=2, created=False, published=True)
    doc = stored(customers)
    assert (doc.version, doc.version_at, doc.total) == (2, clock.now(), 187_50)
    assert [(e.version, e.restored) for e in published(customers)] == [(1, False), (2, False)]


async def test_a_changed_customer_record_is_a_new_version_of_its_documents(customers: Container) -> None:
    await _upsert(customers, document())
    await customers.bus().handle(upsert_customer(customer_no="C-1001", email="mette@example.dk", name="Mette J."))
    result = await _upsert(customers, document())
    assert (result.version, result.published) == (2, True)
    assert stored(customers).content.customer.name == "Mette J."


async def test_a_change_of_paid_alone_makes_no_version(customers: Container) -> None:
    await _upsert(customers, document())
    result = await _upsert(customers, document(paid=50_00))
    assert (result.version, result.published) == (1, False)
    doc = stored(customers)
    assert (doc.imported_paid, doc.outstanding, doc.total) == (50_00, 75_00, 125_00)
    assert len(published(customers)) == 1


async def test_type_and_number_may_come_from_the_address_only(customers: Container) -> None:
    record = document()
    body = {k: v for k, v in record.items() if k not in {"type", "number"}}
    command = UpsertDocument(type="invoice", number="INV-77", body=msgspec.convert(body, DocumentBody))
    result = await customers.bus().handle(command)
    assert result.created
    assert stored(customers, "invoice", "INV-77").id == result.id


# -- refusals ----------------------------------------------------------------------------------------------------


async def test_unknown_customer_and_bill_to_are_both_named(customers: Container) -> None:
    with pytest.raises(InvalidDocument) as exc:
        await _upsert(customers, document(customer_no="C-404", bill_to_no="C-405"))
    assert exc.value.errors == [("/customer_no", "unknown customer C-404"), ("/bill_to_no", "unknown customer C-405")]
    assert customers.fake_store.documents == {}  # type: ignore[attr-defined]
    assert published(customers) == []


async def test_a_totals_mismatch_names_each_differing_figure(customers: Container) -> None:
    totals = {**EXAMPLE_TOTALS, "vat": 56137, "total": 280687, "gross": 249500}
    with pytest.raises(TotalsMismatch) as exc:
        await _upsert(customers, document(lines=[EXAMPLE_LINE], totals=totals))
    assert exc.value.errors == [
        ("/totals/vat", "stated 56137, computed 56138"),
        ("/totals/total", "stated 280687, computed 280688"),
    ]
    assert customers.fake_store.documents == {}  # type: ignore[attr-defined]


async def test_every_line_problem_is_reported_with_its_line_pointer(customers: Container) -> None:
    lines = [
        line(),
        line(quantity="1.0001"),
        line(unit_price=100, discount_amount=101),
        {**line(quantity="0", unit_price=-1, vat_rate="101"), "description": " "},
        line(discount_percent="10", discount_amount=5),
    ]
    record = {**document(customer_no="C-404"), "lines": lines}  # the builder would refuse to total bad lines
    with pytest.raises(InvalidDocument) as exc:
        await _upsert(customers, record)
    assert [pointer for pointer, _ in exc.value.errors] == [
        "/customer_no",
        "/lines/1/quantity",
        "/lines/2/discount_amount",
        "/lines/3/quantity",
        "/lines/3/unit_price",
        "/lines/3/vat_rate",
        "/lines/3/description",
        "/lines/4",
    ]
    details = dict(exc.value.errors)
    assert details["/customer_no"] == "unknown customer C-404"
    assert details["/lines/1/quantity"] == "at most 3 decimal places"
    assert details["/lines/2/discount_amount"] == "exceeds the line's gross 100"
    assert details["/lines/4"] == "discount_percent and discount_amount exclude each other"


async def test_a_bad_mileage_is_named_with_its_pointer(customers: Container) -> None:
    with pytest.raises(InvalidDocument) as exc:
        await _upsert(customers, document(vehicle={"registration_no": "AB12345", "mileage_km": -1}))
    assert [p for p, _ in exc.value.errors] == ["/vehicle/mileage_km"]


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"currency": "SEK"}, "/currency"),
        ({"locale": "sv"}, "/locale"),
        ({"due_date": "2026-11-01"}, "/due_date"),
        ({"due_date": None}, "/due_date"),  # invoices need one
        ({"paid": -1}, "/paid"),
    ],
)
async def test_document_level_problems_are_named(customers: Container, overrides: dict[str, Any], pointer: str) -> None:
    with pytest.raises(InvalidDocument) as exc:
        await _upsert(customers, document(**overrides))
    assert pointer in [p for p, _ in exc.value.errors]


async def test_only_invoices_carry_paid(customers: Container) -> None:
    with pytest.raises(InvalidDocument) as exc:
        await _upsert(customers, document("order", "ORD-1", paid=100))
    assert exc.value.errors == [("/paid", "only invoices carry paid")]


@pytest.mark.parametrize(
    ("field", "value", "pointer", "detail"),
    [("type", "order", "/type", "expected invoice"), ("number", "INV-2", "/number", "expected INV-1")],
)
async def test_type_or_number_in_the_body_must_match_the_address(
    customers: Container, field: str, value: str, pointer: str, detail: str
) -> None:
    body = msgspec.convert({**document(), field: value}, DocumentBody)
    with pytest.raises(InvalidDocument) as exc:
        await customers.bus().handle(UpsertDocument(type="invoice", number="INV-1", body=body))
    assert exc.value.errors == [(pointer, detail)]
    assert customers.fake_store.documents == {}  # type: ignore[attr-defined]


async def test_a_refused_reimport_keeps_the_stored_version(customers: Container) -> None:
    await _upsert(customers, document())
    with pytest.raises(InvalidDocument):
        await _upsert(customers, document(lines=[line(unit_price=5)], due_date=None, paid=1))
    doc = stored(customers)
    assert (doc.version, doc.total, doc.imported_paid) == (1, 125_00, 0)
    assert len(published(customers)) == 1


async def test_the_same_number_of_another_type_is_another_document(customers: Container) -> None:
    invoice = await _upsert(customers, document("invoice", "X-1"))
    order = await _upsert(customers, document("order", "X-1"))
    assert invoice.id != order.id
    assert order.created
