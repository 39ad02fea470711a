"""EventLog and EventFeedReader (PRODUCT §8, §12; ADR-0017), one contract run on the fake, on SQLite and on
PostgreSQL: whether a committed portal event of a type about a document occurred in a window (after, until], an event
by its id, and the feed of committed events in commit order, page by page, refusing a cursor it never gave out."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest

from application.queries.automation.views import EventFeedPage
from domain.documents.events import DocumentPublished
from domain.shared.events import DocumentRef
from infrastructure.container import Container

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


async def _publish(store: Container, *events: DocumentPublished, commit: bool = True) -> None:
    uow = store.uow()
    async with uow:
        for event in events:
            uow.outbox.publish(event)
        if commit:
            await uow.commit()


def _published(ref: DocumentRef, at: dt.datetime) -> DocumentPublished:
    return DocumentPublished(occurred_at=at, party="C-1001", document=ref, version=1, restored=False)


async def test_an_event_is_found_in_its_window_only(store: Container) -> None:
    ref = DocumentRef(id=uuid.uuid4(), type="invoice", number="INV-1")
    await _publish(store, _published(ref, T0))
    log = store.event_log()
    hour = dt.timedelta(hours=1)
    assert await log.exists("document.published", ref.id, after=T0 - hour, until=T0)
    assert not await log.exists("document.published", ref.id, after=T0, until=T0 + hour), "after is exclusive"
    assert not await log.exists("document.published", ref.id, after=T0 - 2 * hour, until=T0 - hour)
    assert not await log.exists("document.withdrawn", ref.id, after=T0 - hour, until=T0)
    assert not await log.exists("document.published", uuid.uuid4(), after=T0 - hour, until=T0)


async def test_an_uncommitted_event_is_not_in_the_log(store: Container) -> None:
    ref = DocumentRef(id=uuid.uuid4(), type="invoice", number="INV-1")
    await _publish(store, _published(ref, T0), commit=False)
    log = store.event_log()
    assert not await log.exists("document.published", ref.id, after=T0 - dt.timedelta(hours=1), until=T0)
    assert await log.get(uuid.uuid4()) is None


async def _first_page(store: Container, limit: int) -> EventFeedPage:
    """PostgreSQL's feed holds back events while any older transaction of the server still runs (the horizon of
    `readers/event_feed.py`), so wait for the committed ones to show, as a follower of the feed does."""
    for _ in range(100):
        page = await store.automation.event_feed_reader().page(None, limit)
        if page.items:
            return page
        await asyncio.sleep(0.1)
    return page


async def test_the_feed_pages_through_committed_events_in_commit_order(store: Container) -> None:
    refs = [DocumentRef(id=uuid.uuid4(), type="invoice", number=f"INV-{n}") for n in range(3)]
    await _publish(store, _published(refs[0], T0), _published(refs[1], T0))
    await _publish(store, _published(refs[2], T0 - dt.timedelta(hours=1)))  # occurred earlier, committed later
    await _publish(store, _published(refs[0], T0), commit=False)
    first = await _first_page(store, limit=2)
    assert [e.document.number for e in first.items if e.document] == ["INV-0", "INV-1"]
    assert first.next_after is not None
    second = await store.automation.event_feed_reader().page(first.next_after, 2)
    assert [e.document.number for e in second.items if e.document] == ["INV-2"]
    end = await store.automation.event_feed_reader().page(second.next_after, 2)
    assert (end.items, end.next_after) == ([], second.next_after), "at the end the cursor stays where it was"
    logged = await store.event_log().get(first.items[0].id)
    assert logged == first.items[0]
    assert (logged.type, logged.party, logged.occurred_at, logged.data) == (
        "document.published",
        "C-1001",
        T0,
        {"version": 1, "restored": False},
    )


@pytest.mark.parametrize("cursor", ["", "garbage", "djEuYQ"])
async def test_a_cursor_the_feed_never_gave_out_is_refused(store: Container, cursor: str) -> None:
    with pytest.raises(ValueError, match="cursor"):
        await store.automation.event_feed_reader().page(cursor, 10)
