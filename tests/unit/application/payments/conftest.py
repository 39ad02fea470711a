"""What the payment use-case tests share: the fakes installed, and INV-1 (500,00 kr. incl. VAT) of C-1001."""

from __future__ import annotations

import pytest

from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document
from tests.unit.application.payments.payment_fakes import PaymentFakes, install_payment_fakes


@pytest.fixture
async def fakes(fake_container: Container) -> PaymentFakes:
    installed = install_payment_fakes(fake_container)
    bus = fake_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    await bus.handle(upsert_document(document("invoice", "INV-1", lines=[line(unit_price=400_00)])))
    return installed
