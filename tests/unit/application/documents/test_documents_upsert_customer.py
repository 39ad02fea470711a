"""UpsertCustomer through the real bus with fakes (PRODUCT §1, §10, §12)."""

from __future__ import annotations

import pytest

from application.commands.documents.upsert_customer import UpsertCustomer, UpsertCustomerResult
from domain.documents.errors import InvalidCustomer
from infrastructure.container import Container
from tests.builders import upsert_customer
from tests.fakes import FakeClock

pytestmark = pytest.mark.unit


async def test_a_new_customer_is_created(fake_container: Container, clock: FakeClock) -> None:
    result = await fake_container.bus().handle(
        upsert_customer(customer_no="C-1001", email="  Mette@Example.dk ", address=["Nørregade 4", "8000 Aarhus C"])
    )
    assert result == UpsertCustomerResult(customer_no="C-1001", created=True, changed=True)
    stored = fake_container.fake_store.customers["C-1001"]  # type: ignore[attr-defined]
    assert stored.name == "Kunde C-1001"
    assert stored.email == "Mette@Example.dk"  # stored as given (trimmed) ...
    assert stored.email_normalised == "mette@example.dk"  # ... and compared normalised
    assert stored.details.address == ("Nørregade 4", "8000 Aarhus C")
    assert stored.locale == "da"


async def test_identical_details_are_unchanged_and_new_ones_are_changed(fake_container: Container) -> None:
    bus = fake_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", phone="+4520123456"))
    again = await bus.handle(upsert_customer(customer_no="C-1001", phone="20 12 34 56"))  # same number, other form
    assert again == UpsertCustomerResult(customer_no="C-1001", created=False, changed=False)
    renamed = await bus.handle(upsert_customer(customer_no="C-1001", phone="+4520123456", name="Mette J."))
    assert renamed == UpsertCustomerResult(customer_no="C-1001", created=False, changed=True)
    assert fake_container.fake_store.customers["C-1001"].name == "Mette J."  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("20123456", "+4520123456"),
        ("20 12 34 56", "+4520123456"),
        ("+45 20 12 34 56", "+4520123456"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
async def test_phones_are_stored_in_e164_national_ones_read_as_danish(
    fake_container: Container, given: str, stored: str
) -> None:
    await fake_container.bus().handle(upsert_customer(phone=given))
    assert fake_container.fake_store.customers["C-1001"].phone == stored  # type: ignore[attr-defined]


async def test_a_bad_email_and_a_bad_phone_are_both_named(fake_container: Container) -> None:
    with pytest.raises(InvalidCustomer) as exc:
        await fake_container.bus().handle(upsert_customer(email="mette@", phone="123"))
    assert [pointer for pointer, _ in exc.value.errors] == ["/email", "/phone"]
    details = dict(exc.value.errors)
    assert details["/email"].startswith("not a valid email address")
    assert details["/phone"] == "not a valid phone number"
    assert fake_container.fake_store.customers == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize("phone", ["not a number", "++45", "+45 1"])
async def test_a_phone_that_is_no_number_is_named(fake_container: Container, phone: str) -> None:
    with pytest.raises(InvalidCustomer) as exc:
        await fake_container.bus().handle(upsert_customer(phone=phone))
    assert [pointer for pointer, _ in exc.value.errors] == ["/phone"]


async def test_an_empty_email_or_phone_means_none(fake_container: Container) -> None:
    await fake_container.bus().handle(upsert_customer(email="  ", phone=""))
    stored = fake_container.fake_store.customers["C-1001"]  # type: ignore[attr-defined]
    assert (stored.email, stored.email_normalised, stored.phone) == (None, None, None)


async def test_a_bad_update_leaves_the_stored_record_alone(fake_container: Container) -> None:
    bus = fake_container.bus()
    await bus.handle(upsert_customer(email="mette@example.dk"))
    with pytest.raises(InvalidCustomer):
        await bus.handle(upsert_customer(email="mette@example.dk", name="   "))
    with pytest.raises(InvalidCustomer) as exc:
        await bus.handle(UpsertCustomer(customer_no="C-1001", name="Mette", locale="sv"))
    assert [pointer for pointer, _ in exc.value.errors] == ["/locale"]
    assert fake_container.fake_store.customers["C-1001"].name == "Kunde C-1001"  # type: ignore[attr-defined]


async def test_an_empty_customer_number_is_refused(fake_container: Container) -> None:
    with pytest.raises(InvalidCustomer) as exc:
        await fake_container.bus().handle(UpsertCustomer(customer_no=" ", name="Mette"))
    assert [pointer for pointer, _ in exc.value.errors] == ["/customer_no"]
