"""A stored payment stays started whatever its first create call meets (PRODUCT §6.2): the create job written with
the Payment retries MobilePay on the same key. Through the real bus with fakes."""

from __future__ import annotations

import uuid

import pytest
from structlog.testing import capture_logs

from application import jobs
from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.start_payment import PaymentAccepted, StartPayment
from application.errors import StoreUnavailable
from domain.documents.model import Document
from domain.payments.model import Payment
from domain.shared.errors import Conflict
from infrastructure.container import Container
from tests.unit.application.payments.payment_fakes import PaymentFakes

pytestmark = pytest.mark.unit


async def _start(container: Container) -> PaymentAccepted:
    store = container.fake_store  # type: ignore[attr-defined]
    invoice: Document = next(d for d in store.documents.values() if d.number == "INV-1")
    accepted: PaymentAccepted = await container.bus().handle(
        StartPayment(invoices=(invoice.id,), email="mette@example.dk", amount=100_00, phone="20123456")
    )
    return accepted


def _payment(container: Container, payment_id: uuid.UUID) -> Payment:
    found: Payment = container.fake_store.payments[payment_id]  # type: ignore[attr-defined]
    return found


def _create_jobs(container: Container) -> list[dict[str, object]]:
    return [p for actor, p in container.fake_store.jobs if actor == jobs.CREATE_VENDOR_PAYMENT]  # type: ignore[attr-defined]


async def test_mobilepay_unreachable_at_once_leaves_it_pending_and_the_create_job_creates_it_once(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    fakes.gateway.unavailable = True
    accepted = await _start(fake_container)
    with capture_logs() as logs:
        assert await fake_container.bus().handle(CreateVendorPayment(payment_id=accepted.id, at_once=True)) is None
    assert (accepted.status, _payment(fake_container, accepted.id).status) == ("pending", "pending")
    assert not _payment(fake_container, accepted.id).created_at_vendor
    assert [(e["event"], e["error"]) for e in logs if e["log_level"] == "warning"] == [
        ("payment.create_deferred", "MobilePayUnavailable")
    ]
    assert _create_jobs(fake_container) == [{"payment_id": str(accepted.id)}]  # written with the Payment
    fakes.gateway.unavailable = False
    for _ in range(2):  # the worker's job, delivered twice
        await fake_container.bus().handle(CreateVendorPayment(payment_id=accepted.id))
    assert fakes.gateway.creates == [accepted.id]
    assert _payment(fake_container, accepted.id).created_at_vendor
    with pytest.raises(Conflict) as conflict:  # still the one unfinished payment of the invoice
        await _start(fake_container)
    assert conflict.value.extra == {"payment_id": str(accepted.id)}


async def test_the_database_lost_after_the_start_does_not_undo_it(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    accepted = await _start(fake_container)
    fakes.shared.down = True
    with capture_logs() as logs:
        await fake_container.bus().handle(CreateVendorPayment(payment_id=accepted.id, at_once=True))
    assert [e["error"] for e in logs if e["event"] == "payment.create_deferred"] == ["StoreUnavailable"]
    fakes.shared.down = False
    assert _payment(fake_container, accepted.id).status == "pending"
    await fake_container.bus().handle(CreateVendorPayment(payment_id=accepted.id))
    assert fakes.gateway.creates == [accepted.id]


async def test_the_create_job_itself_still_fails_loudly_so_the_worker_retries(
    fake_container: Container, fakes: PaymentFakes
) -> None:
    accepted = await _start(fake_container)
    fakes.shared.down = True
    with pytest.raises(StoreUnavailable):
        await fake_container.bus().handle(CreateVendorPayment(payment_id=accepted.id))
    assert fakes.gateway.creates == []
