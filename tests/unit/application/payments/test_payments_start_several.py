"""Starting one payment of several invoices (PRODUCT §13), through the real bus with fakes: what it asks for, and
each way it is refused (404 / 409 with `payment_id` / 422 naming the invoice)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application import jobs
from application.commands.payments.settlement import POLL_EVERY
from application.commands.payments.start_payment import VENDOR_MAX, PaymentAccepted, StartPayment
from domain.documents.model import Document
from domain.payments.model import InvalidPayment, Payment
from domain.shared.errors import Conflict, NotFound
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document
from tests.unit.application.payments.payment_fakes import PaymentFakes

pytestmark = pytest.mark.unit
MAIL = "mette@example.dk"


async def _invoice(container: Container, number: str, issued: dt.date, **extra: object) -> uuid.UUID:
    record = document("invoice", number, issue_date=issued, **({"lines": [line(unit_price=40_00)]} | extra))
    return (await container.bus().handle(upsert_document(record))).id  # type: ignore[no-any-return]


async def _start(container: Container, invoices: list[uuid.UUID], **extra: object) -> PaymentAccepted:
    command = StartPayment(invoices=tuple(invoices), email=MAIL, phone="20123456", **extra)  # type: ignore[arg-type]
    accepted: PaymentAccepted = await container.bus().handle(command)
    return accepted


def _payment(container: Container, payment_id: uuid.UUID) -> Payment:
    found: Payment = container.fake_store.payments[payment_id]  # type: ignore[attr-defined]
    return found


def _inv1(container: Container) -> uuid.UUID:
    store = container.fake_store  # type: ignore[attr-defined]
    found: Document = next(d for d in store.documents.values() if d.number == "INV-1")
    return found.id


async def test_a_payment_of_several_asks_for_each_whole_outstanding_oldest_due_first(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    later = await _invoice(fake_container, "INV-LATER", dt.date(2026, 11, 20))
    earlier = await _invoice(fake_container, "INV-EARLIER", dt.date(2026, 10, 1))
    accepted = await _start(fake_container, [later, _inv1(fake_container), earlier])
    payment = _payment(fake_container, accepted.id)
    assert [(a.document.number, a.amount) for a in payment.allocations] == [
        ("INV-EARLIER", 50_00),
        ("INV-1", 500_00),
        ("INV-LATER", 50_00),
    ]
    assert (payment.amount, payment.document.number, payment.status) == (600_00, "INV-EARLIER", "pending")
    assert payment.description == "Fakturaer INV-EARLIER, INV-1, INV-LATER"


async def test_an_invoice_the_person_may_not_see_refuses_the_whole_payment_as_not_found(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    await fake_container.bus().handle(upsert_customer(customer_no="C-9", email="other@example.dk"))
    foreign = await _invoice(fake_container, "INV-FOREIGN", dt.date(2026, 11, 1), customer_no="C-9")
    for invoices in ([_inv1(fake_container), foreign], [_inv1(fake_container), uuid.uuid4()]):
        with pytest.raises(NotFound):
            await _start(fake_container, invoices)
    assert fake_container.fake_store.payments == {}  # type: ignore[attr-defined]


async def test_an_invoice_that_cannot_be_paid_is_named_by_its_place(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    paid = await _invoice(fake_container, "INV-PAID", dt.date(2026, 11, 1), paid=50_00)
    euro = await _invoice(fake_container, "INV-EUR", dt.date(2026, 11, 1), currency="EUR")
    order = (await fake_container.bus().handle(upsert_document(document("order", "ORD-1")))).id
    for invoices, named in (
        ([_inv1(fake_container), paid], "/invoices/1"),
        ([euro, _inv1(fake_container)], "/invoices/0"),
        ([_inv1(fake_container), order], "/invoices/1"),
    ):
        with pytest.raises(InvalidPayment) as refused:
            await _start(fake_container, invoices)
        assert [pointer for pointer, _ in refused.value.errors] == [named]


@pytest.mark.parametrize(
    "how", ["none", "twice", "26", "amount with several", "above the vendor's maximum", "not a mobile"]
)
async def test_a_request_outside_the_rules_is_refused_whole(
    fake_container: Container, fakes: PaymentFakes, how: str
) -> None:
    one = _inv1(fake_container)
    big = await _invoice(fake_container, "INV-BIG", dt.date(2026, 11, 1), lines=[line(unit_price=VENDOR_MAX)])
    attempts = {
        "none": lambda: _start(fake_container, []),
        "twice": lambda: _start(fake_container, [one, one]),
        "26": lambda: _start(fake_container, [uuid.uuid4() for _ in range(26)]),
        "amount with several": lambda: _start(fake_container, [one, big], amount=100),
        "above the vendor's maximum": lambda: _start(fake_container, [one, big]),
        "not a mobile": lambda: _start_phone(fake_container, [one], "12"),
    }
    with pytest.raises(InvalidPayment):
        await attempts[how]()
    assert fake_container.fake_store.payments == {}  # type: ignore[attr-defined]


async def _start_phone(container: Container, invoices: list[uuid.UUID], phone: str) -> PaymentAccepted:
    accepted: PaymentAccepted = await container.bus().handle(
        StartPayment(invoices=tuple(invoices), email=MAIL, phone=phone)
    )
    return accepted


async def test_an_invoice_held_by_an_unfinished_payment_answers_conflict_naming_that_payment(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    other = await _invoice(fake_container, "INV-2", dt.date(2026, 11, 1))
    first = await _start(fake_container, [other], amount=10_00)
    with pytest.raises(Conflict) as refused:
        await _start(fake_container, [_inv1(fake_container), other])
    assert refused.value.extra["payment_id"] == str(first.id)
    with pytest.raises(Conflict):  # and the other way round: the one-invoice route sees the payment of several
        await _start(fake_container, [other], amount=10_00)
    alone = await _start(fake_container, [_inv1(fake_container)])  # an invoice it does not hold is free
    assert _payment(fake_container, alone.id).amount == 500_00


async def test_the_first_poll_is_queued_for_later_and_the_create_call_at_once(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    await _start(fake_container, [_inv1(fake_container)])
    store = fake_container.fake_store  # type: ignore[attr-defined]
    delays = {actor: when for (actor, _), when in zip(store.jobs, store.not_before, strict=True)}
    now = fake_container.clock().now()
    assert delays[jobs.CREATE_VENDOR_PAYMENT] is None
    assert delays[jobs.POLL_PAYMENT] == now + POLL_EVERY
