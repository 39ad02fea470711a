"""The payments store (PaymentRepository, VendorEventStore, and PaymentReader on the read side; PRODUCT §6.2, §13),
one contract run on the fake, on SQLite and on PostgreSQL: allocations kept in order with their shares, an unfinished
payment found by any invoice it holds, at most one unfinished payment per invoice (a second one loses at commit),
each vendor event stored once, nothing kept without a commit, and a payment read as its invoice's people may see it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from application.ports.payments import StoredVendorEvent
from domain.payments.model import InvoiceDue, InvoiceShare, Payment, VendorFacts
from domain.shared.errors import ConcurrencyConflict
from domain.shared.events import DocumentRef
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


async def _invoices(container: Container, count: int) -> list[InvoiceShare]:
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    shares = []
    for n in range(count):
        issued = dt.date(2026, 11, 1) + dt.timedelta(days=n)
        doc = await bus.handle(upsert_document(document("invoice", f"INV-{n}", issue_date=issued, lines=[line()])))
        ref = DocumentRef(id=doc.id, type="invoice", number=f"INV-{n}")
        shares.append(InvoiceShare(document=ref, due_date=issued + dt.timedelta(days=14), amount=125_00))
    return shares


def _payment(shares: list[InvoiceShare]) -> Payment:
    return Payment.start(
        payment_id=uuid.uuid4(),
        invoices=shares,
        currency="DKK",
        phone="+4520123456",
        party="C-1001",
        email="mette@example.dk",
        now=T0,
    )


async def _add(container: Container, payment: Payment) -> None:
    uow = container.uow()
    async with uow:
        uow.payments.add(payment)
        await uow.commit()


async def test_a_payment_of_several_invoices_comes_back_with_its_allocations_in_order(store: Container) -> None:
    shares = await _invoices(store, 3)
    payment = _payment(list(reversed(shares)))
    await _add(store, payment)
    uow = store.uow()
    async with uow:
        loaded = await uow.payments.get(payment.id)
        assert loaded is not None
        assert [(a.document.number, a.amount, a.holds) for a in loaded.allocations] == [
            ("INV-0", 125_00, True),
            ("INV-1", 125_00, True),
            ("INV-2", 125_00, True),
        ]
        due = {s.document.id: InvoiceDue(outstanding=125_00, room=125_00) for s in shares}
        loaded.observe(VendorFacts(state="AUTHORIZED", authorized=375_00, captured=300_00), due=due, now=T0)
        assert sum(loaded.settle().values()) == 300_00
        await uow.commit()
    async with uow:
        again = await uow.payments.get(payment.id)
        assert again is not None
        assert [(a.captured, a.settled, a.holds) for a in again.allocations] == [
            (125_00, 125_00, False),
            (125_00, 125_00, False),
            (50_00, 50_00, False),
        ]
        assert (again.status, again.settled) == ("complete", 300_00)


async def test_an_unfinished_payment_is_found_by_each_invoice_it_holds_until_it_ends(store: Container) -> None:
    shares = await _invoices(store, 3)
    payment = _payment(shares[:2])
    await _add(store, payment)
    uow = store.uow()
    async with uow:
        assert await uow.payments.holding([s.document.id for s in shares]) == {
            shares[0].document.id: payment.id,
            shares[1].document.id: payment.id,
        }
        found = await uow.payments.pending_for(shares[1].document.id)
        assert found is not None and found.id == payment.id
        assert await uow.payments.pending_for(shares[2].document.id) is None
        found.refuse("cancelled", T0)
        await uow.commit()
    async with uow:
        assert await uow.payments.holding([s.document.id for s in shares]) == {}
        assert await uow.payments.pending_for(shares[0].document.id) is None


async def test_a_second_unfinished_payment_of_an_invoice_loses_at_commit(store: Container) -> None:
    shares = await _invoices(store, 2)
    first = _payment(shares)
    await _add(store, first)
    with pytest.raises(ConcurrencyConflict):
        await _add(store, _payment(shares[1:]))
    uow = store.uow()
    async with uow:
        assert set((await uow.payments.holding([s.document.id for s in shares])).values()) == {first.id}


async def test_nothing_is_kept_without_a_commit(store: Container) -> None:
    shares = await _invoices(store, 1)
    payment = _payment(shares)
    uow = store.uow()
    async with uow:
        uow.payments.add(payment)
    async with uow:
        assert await uow.payments.get(payment.id) is None
        assert await uow.payments.holding([shares[0].document.id]) == {}


async def test_each_vendor_event_is_stored_once_and_only_with_a_commit(store: Container) -> None:
    shares = await _invoices(store, 1)
    payment = _payment(shares)
    await _add(store, payment)
    event = StoredVendorEvent(name="AUTHORIZED", psp_reference="psp-1", amount=125_00, success=True, occurred_at=T0)
    uow = store.uow()
    async with uow:
        assert await uow.vendor_events.record(payment.id, event, source="webhook", now=T0)
    async with uow:  # not committed: the next delivery stores it
        assert await uow.vendor_events.record(payment.id, event, source="poll", now=T0)
        assert not await uow.vendor_events.record(payment.id, event, source="poll", now=T0)
        await uow.commit()
    async with uow:
        assert not await uow.vendor_events.record(payment.id, event, source="webhook", now=T0)
        other = StoredVendorEvent(name="CAPTURED", psp_reference="psp-1", amount=125_00, success=True, occurred_at=T0)
        assert await uow.vendor_events.record(payment.id, other, source="webhook", now=T0)


async def test_the_payment_reader_shows_a_payment_to_the_people_of_its_invoice(store: Container) -> None:
    shares = await _invoices(store, 3)
    await store.bus().handle(upsert_customer(customer_no="C-2001", email="jens@example.dk"))
    payment = _payment(list(reversed(shares)))
    await _add(store, payment)
    reader = store.payment_reader()
    seen = await reader.visible_to(payment.id, "mette@example.dk")
    assert seen is not None
    assert (seen.document_id, seen.amount, seen.currency, seen.status, seen.phone, seen.created_at) == (
        shares[0].document.id,
        375_00,
        "DKK",
        "pending",
        "+4520123456",
        T0,
    )
    assert [(x.number, x.amount) for x in seen.allocations] == [("INV-0", 125_00), ("INV-1", 125_00), ("INV-2", 125_00)]
    assert await reader.visible_to(payment.id, "jens@example.dk") is None
    assert await reader.visible_to(uuid.uuid4(), "mette@example.dk") is None
    await store.bus().handle(WithdrawDocument(type="invoice", number="INV-0"))
    assert await reader.visible_to(payment.id, "mette@example.dk") is None, "its invoice is withdrawn"


async def test_the_payment_reader_details_lists_and_finds_the_unfinished(store: Container) -> None:
    shares = await _invoices(store, 3)
    first = _payment(shares[:2])
    second_started = T0 + dt.timedelta(minutes=5)
    second = Payment.start(
        payment_id=uuid.uuid4(),
        invoices=shares[2:],
        currency="DKK",
        phone="+4530123456",
        party="C-1001",
        email="mette@example.dk",
        now=second_started,
    )
    await _add(store, first)
    await _add(store, second)
    uow = store.uow()
    async with uow:
        loaded = await uow.payments.get(first.id)
        assert loaded is not None
        due = {s.document.id: InvoiceDue(outstanding=125_00, room=125_00) for s in shares[:2]}
        loaded.observe(VendorFacts(state="AUTHORIZED", authorized=250_00, captured=200_00), due=due, now=T0)
        loaded.settle()
        await uow.commit()
    reader = store.payment_reader()
    detail = await reader.detail(first.id)
    assert detail is not None
    assert (detail.invoice_number, detail.captured, detail.refunded, detail.status) == ("INV-0", 200_00, 0, "complete")
    assert [(x.number, x.amount) for x in detail.allocations] == [("INV-0", 125_00), ("INV-1", 75_00)], "captured"
    assert await reader.detail(uuid.uuid4()) is None
    listed = await reader.list_payments(status=None, limit=10)
    assert [(p.id, p.status) for p in listed] == [(second.id, "pending"), (first.id, "complete")]
    assert [p.id for p in await reader.list_payments(status="complete", limit=10)] == [first.id]
    assert [p.id for p in await reader.list_payments(status=None, limit=1)] == [second.id]
    assert await reader.unfinished_ids() == [second.id]
