"""The unit of work and its aggregate repositories (UnitOfWork, DocumentRepository, CustomerRepository,
ApiKeyRepository, SessionRepository, LinkRepository), one contract run on the fake, on SQLite and on PostgreSQL:
whole aggregates come back as they were committed, nothing is kept without a commit, and a lookup by number finds
withdrawn documents too."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from domain.identity.api_key import ApiKey
from domain.identity.email_address import EmailAddress
from domain.identity.session import CustomerSession
from domain.links.model import DocumentLink
from domain.shared.events import DocumentRef
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
IDLE = dt.timedelta(minutes=60)
MAX_AGE = dt.timedelta(hours=12)


async def test_documents_and_customers_come_back_as_committed(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    invoice = await bus.handle(upsert_document(document("invoice", "INV-7", lines=[line(unit_price=200_00)])))
    uow = store.uow()
    async with uow:
        found = await uow.documents.get(invoice.id)
        assert found is not None
        assert (found.type, found.number, found.version, found.total, found.outstanding) == (
            "invoice",
            "INV-7",
            1,
            250_00,
            250_00,
        )
        by_number = await uow.documents.get_by_number("invoice", "INV-7")
        assert by_number is not None and by_number.id == invoice.id
        assert await uow.documents.get_by_number("quote", "INV-7") is None
        assert await uow.documents.get(uuid.uuid4()) is None
        customer = await uow.customers.get("C-1001")
        assert customer is not None and customer.email_normalised == "mette@example.dk"
        assert await uow.customers.get("C-9999") is None


async def test_a_withdrawn_document_is_still_found_by_number(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    quote = await bus.handle(upsert_document(document("quote", "Q-1")))
    await bus.handle(WithdrawDocument(type="quote", number="Q-1"))
    uow = store.uow()
    async with uow:
        found = await uow.documents.get_by_number("quote", "Q-1")
        assert found is not None and found.id == quote.id and found.withdrawn


async def test_credit_notes_are_found_by_the_invoice_they_name_withdrawn_ones_included(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    await bus.handle(upsert_document(document("invoice", "INV-1")))
    related = [{"type": "invoice", "number": "INV-1"}]
    for number in ("CN-1", "CN-2"):
        await bus.handle(upsert_document(document("credit_note", number, lines=[line(10_00)], related=related)))
    await bus.handle(upsert_document(document("credit_note", "CN-3", lines=[line(10_00)])))
    await bus.handle(WithdrawDocument(type="credit_note", number="CN-2"))
    uow = store.uow()
    async with uow:
        notes = await uow.documents.credit_notes_for("INV-1")
        assert sorted(n.number for n in notes) == ["CN-1", "CN-2"]
        assert await uow.documents.credit_notes_for("INV-404") == []


async def test_an_api_key_comes_back_and_its_revocation_sticks(store: Container) -> None:
    key = ApiKey.create(key_id=uuid.uuid4(), name="ERP", key_hash=b"h" * 32, prefix="pk_abc", now=T0)
    uow = store.uow()
    async with uow:
        uow.api_keys.add(key)
        await uow.commit()
    async with uow:
        loaded = await uow.api_keys.get(key.id)
        assert loaded is not None and (loaded.name, loaded.prefix, loaded.is_revoked) == ("ERP", "pk_abc", False)
        assert loaded.accepts(b"h" * 32)
        assert loaded.revoke(T0 + dt.timedelta(hours=1))
        await uow.commit()
    async with uow:
        again = await uow.api_keys.get(key.id)
        assert again is not None and again.revoked_at == T0 + dt.timedelta(hours=1)
        assert await uow.api_keys.get(uuid.uuid4()) is None


async def test_a_session_comes_back_with_its_last_touch_and_revocation(store: Container) -> None:
    session = CustomerSession.start(id_hash=b"s" * 32, email=EmailAddress.of("Mette@Example.dk"), now=T0)
    uow = store.uow()
    async with uow:
        uow.sessions.add(session)
        await uow.commit()
    async with uow:
        loaded = await uow.sessions.get(b"s" * 32)
        assert loaded is not None and loaded.email.value == "mette@example.dk"
        assert loaded.touch(T0 + dt.timedelta(minutes=5), idle=IDLE, max_age=MAX_AGE)
        await uow.commit()
    async with uow:
        touched = await uow.sessions.get(b"s" * 32)
        assert touched is not None and touched.last_seen_at == T0 + dt.timedelta(minutes=5)
        assert touched.revoke(T0 + dt.timedelta(minutes=6))
        await uow.commit()
    async with uow:
        revoked = await uow.sessions.get(b"s" * 32)
        assert revoked is not None and revoked.revoked_at == T0 + dt.timedelta(minutes=6)
        assert await uow.sessions.get(b"x" * 32) is None


async def test_a_link_comes_back_and_its_revocation_sticks(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    invoice = await bus.handle(upsert_document(document("invoice", "INV-1")))
    ref = DocumentRef(id=invoice.id, type="invoice", number="INV-1")
    link = DocumentLink.share(
        link_id=uuid.uuid4(), document=ref, role="customer", party_no="C-1001", now=T0, ttl=dt.timedelta(days=30)
    )
    uow = store.uow()
    async with uow:
        uow.links.add(link)
        await uow.commit()
    async with uow:
        loaded = await uow.links.get(link.id)
        assert loaded is not None
        assert (loaded.document, loaded.role, loaded.party_no) == (ref, "customer", "C-1001")
        assert loaded.expires_at == T0 + dt.timedelta(days=30) and loaded.usable(T0)
        assert loaded.revoke(T0 + dt.timedelta(days=1))
        await uow.commit()
    async with uow:
        revoked = await uow.links.get(link.id)
        assert revoked is not None and revoked.revoked and not revoked.usable(T0 + dt.timedelta(days=2))
        assert await uow.links.get(uuid.uuid4()) is None


async def test_nothing_is_kept_without_a_commit(store: Container) -> None:
    key = ApiKey.create(key_id=uuid.uuid4(), name="ERP", key_hash=b"h" * 32, prefix="pk_abc", now=T0)
    session = CustomerSession.start(id_hash=b"s" * 32, email=EmailAddress.of("mette@example.dk"), now=T0)
    uow = store.uow()
    async with uow:
        uow.api_keys.add(key)
        uow.sessions.add(session)
    async with uow:
        uow.api_keys.add(key)
        await uow.rollback()
    async with uow:
        assert await uow.api_keys.get(key.id) is None
        assert await uow.sessions.get(b"s" * 32) is None


async def test_a_change_to_a_loaded_aggregate_is_lost_without_a_commit(store: Container) -> None:
    key = ApiKey.create(key_id=uuid.uuid4(), name="ERP", key_hash=b"h" * 32, prefix="pk_abc", now=T0)
    uow = store.uow()
    async with uow:
        uow.api_keys.add(key)
        await uow.commit()
    async with uow:
        loaded = await uow.api_keys.get(key.id)
        assert loaded is not None and loaded.revoke(T0)
    async with uow:
        again = await uow.api_keys.get(key.id)
        assert again is not None and not again.is_revoked
