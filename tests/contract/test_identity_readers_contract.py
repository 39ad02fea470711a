"""The identity context's read ports (SessionReader, CustomerDirectory, ApiKeyReader; PRODUCT §2, §11), one contract
run on the fake, on SQLite and on PostgreSQL: a session as stored, the customer records behind an email in number
order, and the API keys that still count."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from domain.identity.api_key import ApiKey
from domain.identity.email_address import EmailAddress
from domain.identity.session import CustomerSession
from infrastructure.container import Container
from tests.builders import upsert_customer

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


async def test_a_session_is_read_as_stored(store: Container) -> None:
    session = CustomerSession.start(id_hash=b"s" * 32, email=EmailAddress.of("mette@example.dk"), now=T0)
    session.revoke(T0 + dt.timedelta(minutes=3))
    uow = store.uow()
    async with uow:
        uow.sessions.add(session)
        await uow.commit()
    found = await store.identity.session_reader().find(b"s" * 32)
    assert found is not None
    assert (found.email, found.created_at, found.last_seen_at, found.revoked_at) == (
        "mette@example.dk",
        T0,
        T0,
        T0 + dt.timedelta(minutes=3),
    )
    assert await store.identity.session_reader().find(b"x" * 32) is None


async def test_the_records_behind_an_email_come_in_number_order(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1002", email="Mette@Example.dk", locale="en"))
    await bus.handle(upsert_customer(customer_no="C-1001", email="mette@example.dk"))
    await bus.handle(upsert_customer(customer_no="C-3001", email=None))
    directory = store.customer_directory()
    assert await directory.is_known("mette@example.dk")
    assert not await directory.is_known("jens@example.dk")
    assert await directory.records("mette@example.dk") == ["C-1001", "C-1002"]
    assert await directory.records("jens@example.dk") == []
    assert await directory.first_record("mette@example.dk") == ("C-1001", "da")
    assert await directory.first_record("jens@example.dk") is None
    assert await directory.contact("C-1002") == ("mette@example.dk", "en")
    assert await directory.contact("C-3001") is None, "a record without an email has no contact"
    assert await directory.contact("C-9999") is None


async def test_api_keys_list_newest_first_and_only_a_live_one_is_found(store: Container) -> None:
    older = ApiKey.create(key_id=uuid.uuid4(), name="ERP", key_hash=b"e" * 32, prefix="pk_erp", now=T0)
    newer = ApiKey.create(
        key_id=uuid.uuid4(), name="Shop", key_hash=b"s" * 32, prefix="pk_shop", now=T0 + dt.timedelta(days=1)
    )
    newer.revoke(T0 + dt.timedelta(days=2))
    uow = store.uow()
    async with uow:
        uow.api_keys.add(older)
        uow.api_keys.add(newer)
        await uow.commit()
    reader = store.identity.api_key_reader()
    assert [(k.name, k.prefix, k.revoked_at) for k in await reader.list_all()] == [
        ("Shop", "pk_shop", T0 + dt.timedelta(days=2)),
        ("ERP", "pk_erp", None),
    ]
    live = await reader.find_active(b"e" * 32)
    assert live is not None and (live.id, live.created_at) == (older.id, T0)
    assert await reader.find_active(b"s" * 32) is None, "revoked"
    assert await reader.find_active(b"x" * 32) is None
