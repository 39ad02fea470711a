"""Outbox (ADR-0007), one contract run on the fake, on SQLite and on PostgreSQL: job requests and portal events leave
with the commit, in order, with their payload and durable delay, and a unit of work that does not commit leaves
nothing. What the relay then sees is read per store: the fake's committed lists, or the `outbox` and `events` rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from application.jobs import PORTAL_EVENT
from domain.documents.events import DocumentPublished
from domain.shared.events import DocumentRef
from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import events, outbox

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


async def _left(store: Container) -> tuple[list[tuple[str, dict[str, Any], dt.datetime | None]], list[str]]:
    """The committed job requests (actor, payload, not_before) in order, and the committed portal events' types."""
    state = getattr(store, "fake_store", None)
    if state is not None:
        return list(zip((a for a, _ in state.jobs), (p for _, p in state.jobs), state.not_before, strict=True)), [
            e.event_type for e in state.events
        ]
    async with store.session_factory()() as session:
        jobs = (
            await session.execute(
                select(outbox.c.actor, outbox.c.payload, outbox.c.not_before)
                .where(outbox.c.actor != PORTAL_EVENT)
                .order_by(outbox.c.seq)
            )
        ).all()
        types = (await session.scalars(select(events.c.type).order_by(events.c.seq))).all()
        relayed = (await session.scalar(select(outbox.c.actor).where(outbox.c.actor == PORTAL_EVENT).limit(1))) or None
    assert (relayed is not None) == bool(types), "each portal event is handed to the relay as a job of its own"
    return [(r.actor, r.payload, r.not_before) for r in jobs], list(types)


async def test_requests_and_events_leave_with_the_commit_in_order(store: Container) -> None:
    ref = DocumentRef(id=uuid.uuid4(), type="invoice", number="INV-1")
    payment = str(uuid.uuid4())
    uow = store.uow()
    async with uow:
        uow.outbox.enqueue("payments.capture", {"payment_id": payment, "amount": 125_00})
        uow.outbox.enqueue("payments.poll", {"payment_id": payment}, not_before=T0 + dt.timedelta(minutes=2))
        uow.outbox.publish(DocumentPublished(occurred_at=T0, party="C-1001", document=ref, version=1, restored=False))
        await uow.commit()
    assert await _left(store) == (
        [
            ("payments.capture", {"payment_id": payment, "amount": 125_00}, None),
            ("payments.poll", {"payment_id": payment}, T0 + dt.timedelta(minutes=2)),
        ],
        ["document.published"],
    )


async def test_nothing_leaves_without_a_commit(store: Container) -> None:
    ref = DocumentRef(id=uuid.uuid4(), type="invoice", number="INV-1")
    uow = store.uow()
    async with uow:
        uow.outbox.enqueue("payments.capture", {"payment_id": str(uuid.uuid4())})
        uow.outbox.publish(DocumentPublished(occurred_at=T0, party=None, document=ref, version=1, restored=False))
    assert await _left(store) == ([], [])
