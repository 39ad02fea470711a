"""EventLog (PRODUCT §8), one contract run on the fake, on SQLite and on PostgreSQL: whether a committed portal event
of a type about a document occurred in a window (after, until], and nothing for an unknown id."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

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
