"""A capture settled by one unit of work while another already holds the payment, on SQLite (the embedded mode),
where `FOR UPDATE` locks nothing: the late one must neither settle the invoice twice nor fail (issue 19: paying an
invoice's whole rest in the demo, the capture job and MobilePay's CAPTURED webhook settle at the same moment)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.commands.payments.settlement import apply_facts
from domain.payments.model import InvoiceShare, Payment, VendorFacts
from domain.shared.events import DocumentRef
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.integration
TOTAL = 50_000  # 400,00 kr. + 25 % VAT
NOW = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)


async def test_a_payment_read_before_another_settled_it_settles_nothing_more(sqlite_container: Container) -> None:
    bus = sqlite_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email="mette@example.dk"))
    invoice = await bus.handle(upsert_document(document("invoice", "INV-1", lines=[line(unit_price=40_000)])))
    ref = DocumentRef(id=invoice.id, type="invoice", number="INV-1")
    payment = Payment.start(
        payment_id=uuid.uuid4(),
        invoices=[InvoiceShare(document=ref, due_date=None, amount=TOTAL)],
        currency="DKK",
        phone="+4520123456",
        party="C-1001",
        email="mette@example.dk",
        now=NOW,
    )
    setup = sqlite_container.uow()
    async with setup:
        setup.payments.add(payment)
        await setup.commit()
    captured = VendorFacts(state="AUTHORIZED", authorized=TOTAL, captured=TOTAL)

    late = sqlite_container.uow()  # MobilePay's CAPTURED webhook, say
    async with late:
        held = await late.payments.get(payment.id)
        assert held is not None
        first = sqlite_container.uow()  # the capture job, committing in between
        async with first:
            fresh = await first.payments.get(payment.id)
            assert fresh is not None
            await apply_facts(first, fresh, captured, NOW)
            await first.commit()
        await apply_facts(late, held, captured, NOW)
        await late.commit()

    check = sqlite_container.uow()
    async with check:
        settled = await check.documents.get(invoice.id)
        paid = await check.payments.get(payment.id)
        assert settled is not None and paid is not None
        assert settled.outstanding == 0
        assert (paid.status, paid.settled) == ("complete", TOTAL)
        assert settled.due_before_credit == 0  # the capture counted once: total − portal-paid
