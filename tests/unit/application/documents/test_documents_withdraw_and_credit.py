"""WithdrawDocument and credit allocation across commands, through the real bus with fakes (PRODUCT §1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from application.commands.documents.upsert_document import UpsertDocumentResult
from application.commands.documents.withdraw_document import WithdrawDocument
from domain.documents.events import DocumentPublished, DocumentWithdrawn
from domain.documents.model import Document
from domain.shared.errors import NotFound
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document
from tests.fakes import FakeClock

pytestmark = pytest.mark.unit


def stored(container: Container, type_: str, number: str) -> Document:
    store = container.fake_store  # type: ignore[attr-defined]
    return next(d for d in store.documents.values() if d.type == type_ and d.number == number)


def portal_events(container: Container) -> list[Any]:
    return list(container.fake_store.events)  # type: ignore[attr-defined]


def invoice(number: str = "INV-1", unit_price: int = 1000_00, **extra: Any) -> dict[str, Any]:
    """An invoice of 1.25 × unit price incl. VAT."""
    return document("invoice", number, lines=[line(unit_price=unit_price)], **extra)


def credit_note(number: str, unit_price: int, for_invoice: str | None, **extra: Any) -> dict[str, Any]:
    related = [{"type": "invoice", "number": for_invoice}] if for_invoice else []
    return document("credit_note", number, lines=[line(unit_price=unit_price)], related=related, **extra)


@pytest.fixture
async def bus(fake_container: Container) -> Any:
    bus = fake_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    return bus


async def _upsert(bus: Any, record: dict[str, Any]) -> UpsertDocumentResult:
    result: UpsertDocumentResult = await bus.handle(upsert_document(record))
    return result


# -- withdrawal ----------------------------------------------------------------------------------------------------


async def test_withdrawing_records_document_withdrawn(fake_container: Container, bus: Any, clock: FakeClock) -> None:
    created = await _upsert(bus, invoice())
    clock.advance(minutes=5)
    assert await bus.handle(WithdrawDocument(type="invoice", number="INV-1")) is None
    doc = stored(fake_container, "invoice", "INV-1")
    assert doc.withdrawn
    event = portal_events(fake_container)[-1]
    assert isinstance(event, DocumentWithdrawn)
    assert (event.event_type, event.version, event.occurred_at, event.party) == (
        "document.withdrawn",
        1,
        clock.now(),
        "C-1001",
    )
    assert event.document is not None
    assert event.document.id == created.id


async def test_withdrawing_an_unknown_document_is_not_found(bus: Any) -> None:
    await _upsert(bus, invoice())
    with pytest.raises(NotFound):
        await bus.handle(WithdrawDocument(type="invoice", number="INV-404"))
    with pytest.raises(NotFound):
        await bus.handle(WithdrawDocument(type="order", number="INV-1"))  # the number of another type


async def test_withdrawing_twice_is_fine_and_says_it_once(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice())
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    withdrawn = [e for e in portal_events(fake_container) if isinstance(e, DocumentWithdrawn)]
    assert len(withdrawn) == 1
    assert stored(fake_container, "invoice", "INV-1").withdrawn


async def test_a_reimport_restores_a_withdrawn_document(fake_container: Container, bus: Any) -> None:
    created = await _upsert(bus, invoice())
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    restored = await _upsert(bus, invoice())  # identical content
    assert restored == UpsertDocumentResult(id=created.id, version=1, created=False, published=True)
    assert not stored(fake_container, "invoice", "INV-1").withdrawn
    event = portal_events(fake_container)[-1]
    assert isinstance(event, DocumentPublished)
    assert (event.event_type, event.version, event.restored) == ("document.published", 1, True)


async def test_a_restoring_reimport_with_new_content_is_version_2(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice())
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    restored = await _upsert(bus, invoice(unit_price=900_00))
    assert (restored.version, restored.published) == (2, True)
    event = portal_events(fake_container)[-1]
    assert isinstance(event, DocumentPublished)
    assert (event.version, event.restored) == (2, True)


# -- credit allocation across commands -----------------------------------------------------------------------------


async def test_a_credit_note_imported_before_its_invoice_applies_when_the_invoice_comes(
    fake_container: Container, bus: Any
) -> None:
    await _upsert(bus, credit_note("CN-1", 200_00, "INV-1"))  # 250.00
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 0  # nothing to apply to yet
    await _upsert(bus, invoice())  # 1250.00
    inv = stored(fake_container, "invoice", "INV-1")
    assert (inv.credited, inv.outstanding) == (250_00, 1000_00)
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 250_00


async def test_a_credit_note_applies_only_up_to_what_the_invoice_lacks(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice(paid=1000_00))  # lacks 250.00
    await _upsert(bus, credit_note("CN-1", 400_00, "INV-1"))  # 500.00
    inv = stored(fake_container, "invoice", "INV-1")
    note = stored(fake_container, "credit_note", "CN-1")
    assert (inv.credited, inv.outstanding, note.applied_credit) == (250_00, 0, 250_00)
    await _upsert(bus, invoice(paid=0))  # the business system takes the payment back
    inv = stored(fake_container, "invoice", "INV-1")
    assert (inv.credited, inv.outstanding) == (500_00, 750_00)
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 500_00


async def test_a_credit_note_moved_to_another_invoice_reallocates_both(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice("INV-1"))
    await _upsert(bus, invoice("INV-2"))
    await _upsert(bus, credit_note("CN-1", 200_00, "INV-1"))
    assert stored(fake_container, "invoice", "INV-1").credited == 250_00

    await _upsert(bus, credit_note("CN-1", 200_00, "INV-2"))
    first, second = stored(fake_container, "invoice", "INV-1"), stored(fake_container, "invoice", "INV-2")
    assert (first.credited, first.outstanding) == (0, 1250_00)
    assert (second.credited, second.outstanding) == (250_00, 1000_00)
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 250_00

    await _upsert(bus, credit_note("CN-1", 200_00, None))  # no invoice: wholly unapplied credit
    assert stored(fake_container, "invoice", "INV-2").credited == 0
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 0


async def test_withdrawing_a_credit_note_gives_the_invoice_its_outstanding_back(
    fake_container: Container, bus: Any
) -> None:
    await _upsert(bus, invoice())
    await _upsert(bus, credit_note("CN-1", 200_00, "INV-1"))
    await bus.handle(WithdrawDocument(type="credit_note", number="CN-1"))
    assert stored(fake_container, "invoice", "INV-1").outstanding == 1250_00
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 0
    await _upsert(bus, credit_note("CN-1", 200_00, "INV-1"))  # restored
    assert stored(fake_container, "invoice", "INV-1").outstanding == 1000_00


async def test_withdrawing_an_invoice_frees_its_credit_notes_and_restoring_reapplies(
    fake_container: Container, bus: Any
) -> None:
    await _upsert(bus, invoice())
    await _upsert(bus, credit_note("CN-1", 200_00, "INV-1"))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-1"))
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 0
    assert stored(fake_container, "invoice", "INV-1").credited == 0
    await _upsert(bus, invoice())
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 250_00
    assert stored(fake_container, "invoice", "INV-1").outstanding == 1000_00


async def test_several_credit_notes_apply_oldest_first(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice())  # 1250.00
    await _upsert(bus, credit_note("CN-A", 800_00, "INV-1", issue_date=dt.date(2026, 11, 5)))  # 1000.00, newer
    await _upsert(bus, credit_note("CN-B", 400_00, "INV-1", issue_date=dt.date(2026, 11, 3)))  # 500.00, older
    assert stored(fake_container, "credit_note", "CN-B").applied_credit == 500_00
    assert stored(fake_container, "credit_note", "CN-A").applied_credit == 750_00
    assert stored(fake_container, "invoice", "INV-1").outstanding == 0


async def test_a_credit_note_in_another_currency_applies_nothing(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice())
    await _upsert(bus, credit_note("CN-1", 200_00, "INV-1", currency="EUR"))
    assert stored(fake_container, "invoice", "INV-1").credited == 0
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 0


async def test_paid_only_change_on_an_invoice_reallocates_its_credit(fake_container: Container, bus: Any) -> None:
    await _upsert(bus, invoice())
    await _upsert(bus, credit_note("CN-1", 400_00, "INV-1"))  # 500.00
    await _upsert(bus, invoice(paid=1000_00))  # lacks 250.00 now; no new version
    inv = stored(fake_container, "invoice", "INV-1")
    assert (inv.version, inv.credited, inv.outstanding) == (1, 250_00, 0)
    assert stored(fake_container, "credit_note", "CN-1").applied_credit == 250_00
