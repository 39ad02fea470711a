"""LinkReader (PRODUCT §7 `portal links list`) and InboxReader (ADR-0007's inbox), one contract run on the fake, on
SQLite and on PostgreSQL: links newest first as stored, and a worker message counted as handled once its first unit
of work commits, never twice."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.inbox import begin, end
from domain.links.model import DocumentLink
from domain.shared.errors import ConcurrencyConflict
from domain.shared.events import DocumentRef
from infrastructure.container import Container
from tests.builders import document, upsert_customer, upsert_document

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


async def test_links_are_listed_newest_first_as_stored(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    invoice = await bus.handle(upsert_document(document("invoice", "INV-1", bill_to_no="C-1001")))
    ref = DocumentRef(id=invoice.id, type="invoice", number="INV-1")
    links = [
        DocumentLink.share(
            link_id=uuid.uuid4(), document=ref, role=role, party_no="C-1001", now=at, ttl=dt.timedelta(days=7)
        )
        for role, at in (("customer", T0), ("bill_to", T0 + dt.timedelta(hours=1)))
    ]
    links[0].record_opening(T0 + dt.timedelta(minutes=5), "signed_out")
    links[0].record_opening(T0 + dt.timedelta(minutes=6), "shown")
    links[1].revoke(T0 + dt.timedelta(hours=2))
    uow = store.uow()
    async with uow:
        for link in links:
            uow.links.add(link)
        await uow.commit()
    listed = await store.links.link_reader().list_links(limit=10)
    assert [(v.id, v.role, v.openings, v.revoked_at) for v in listed] == [
        (links[1].id, "bill_to", 0, T0 + dt.timedelta(hours=2)),
        (links[0].id, "customer", 2, None),
    ]
    assert (listed[1].document_type, listed[1].document_number, listed[1].party_no) == ("invoice", "INV-1", "C-1001")
    assert (listed[1].created_at, listed[1].expires_at) == (T0, T0 + dt.timedelta(days=7))
    assert [v.id for v in await store.links.link_reader().list_links(limit=1)] == [links[1].id]


async def test_a_message_is_handled_once_its_first_unit_of_work_commits(store: Container) -> None:
    message_id = uuid.uuid4()
    inbox = store.jobs.inbox_reader()
    uow = store.uow()
    begin(message_id, "payments.capture")
    try:
        async with uow:
            pass  # no commit: not handled
        assert not await inbox.was_handled(message_id)
        async with uow:
            await uow.commit()
        assert await inbox.was_handled(message_id)
        async with uow:  # a later unit of work of the same message records nothing more
            await uow.commit()
        end()
        begin(message_id, "payments.capture")  # a second delivery
        with pytest.raises(ConcurrencyConflict):
            async with uow:
                await uow.commit()
    finally:
        end()
    assert not await inbox.was_handled(uuid.uuid4())
