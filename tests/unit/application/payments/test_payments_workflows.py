"""The payment workflows the API, the pages and the CLI send as one message (PRODUCT §6.1, §6.7, §13): PayInvoices
(store, then ask MobilePay at once) and CancelAndShowPayment (cancel, then read). Through the real bus with fakes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pytest
from dependency_injector import providers

from application import jobs
from application.commands.payments.start_payment import PaymentAccepted
from application.queries.payments.payment_views import PaymentView
from application.workflows.cancel_and_show_payment import CancelAndShowPayment
from application.workflows.pay_invoices import PayInvoices
from domain.documents.model import Document
from domain.payments.model import Payment
from domain.shared.errors import Conflict, NotFound
from infrastructure.container import Container
from tests.unit.application.payments.payment_fakes import PaymentFakes

pytestmark = pytest.mark.unit

MAIL = "mette@example.dk"


@dataclass
class _StoreReader:
    """GetPayment's reader over the fake store: what is stored when asked (`asked` records each read)."""

    store: object
    asked: list[uuid.UUID] = field(default_factory=list)

    async def visible_to(self, payment_id: uuid.UUID, email: str) -> PaymentView | None:
        self.asked.append(payment_id)
        payment: Payment | None = self.store.payments.get(payment_id)  # type: ignore[attr-defined]
        if payment is None or email != MAIL:
            return None
        return PaymentView(
            id=payment.id,
            document_id=payment.document.id,
            amount=payment.amount,
            currency=payment.currency,
            status=payment.status,
            reason=payment.reason,
            phone="20123456",
            created_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        )


def _invoice(container: Container) -> Document:
    found: Document = next(d for d in container.fake_store.documents.values() if d.number == "INV-1")  # type: ignore[attr-defined]
    return found


def _payment(container: Container, payment_id: uuid.UUID) -> Payment:
    found: Payment = container.fake_store.payments[payment_id]  # type: ignore[attr-defined]
    return found


def _pay(container: Container) -> PayInvoices:
    return PayInvoices(invoices=(_invoice(container).id,), email=MAIL, amount=100_00, phone="20123456")


async def test_paying_stores_the_payment_and_asks_mobilepay_at_once(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    accepted: PaymentAccepted = await fake_container.bus().handle(_pay(fake_container))
    assert accepted.status == "pending"
    assert fakes.gateway.creates == [accepted.id]  # asked within the request, not only by the job
    assert _payment(fake_container, accepted.id).created_at_vendor


async def test_paying_is_accepted_when_mobilepay_is_away_and_its_create_job_is_written(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    fakes.gateway.unavailable = True
    accepted: PaymentAccepted = await fake_container.bus().handle(_pay(fake_container))
    assert (accepted.status, _payment(fake_container, accepted.id).created_at_vendor) == ("pending", False)
    created = [p for actor, p in fake_container.fake_store.jobs if actor == jobs.CREATE_VENDOR_PAYMENT]  # type: ignore[attr-defined]
    assert created == [{"payment_id": str(accepted.id)}]


async def test_paying_an_invoice_already_being_paid_names_the_winner_and_asks_mobilepay_nothing_more(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    first: PaymentAccepted = await fake_container.bus().handle(_pay(fake_container))
    with pytest.raises(Conflict) as conflict:
        await fake_container.bus().handle(_pay(fake_container))
    assert conflict.value.extra == {"payment_id": str(first.id)}
    assert fakes.gateway.creates == [first.id]


async def test_cancelling_answers_the_payment_as_stored_after_the_cancel(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    reader = _StoreReader(fake_container.fake_store)  # type: ignore[attr-defined]
    fake_container.payment_reader.override(providers.Object(reader))
    accepted: PaymentAccepted = await fake_container.bus().handle(_pay(fake_container))
    view: PaymentView = await fake_container.bus().handle(CancelAndShowPayment(payment_id=accepted.id, email=MAIL))
    assert (view.id, view.status, view.reason) == (accepted.id, "failed", "cancelled")
    assert reader.asked == [accepted.id]
    with pytest.raises(Conflict):  # final now: a second cancel is refused, and nothing is read
        await fake_container.bus().handle(CancelAndShowPayment(payment_id=accepted.id, email=MAIL))
    with pytest.raises(NotFound):
        await fake_container.bus().handle(CancelAndShowPayment(payment_id=uuid.uuid4(), email=MAIL))
    assert reader.asked == [accepted.id]
    assert fakes.gateway.creates == [accepted.id]
