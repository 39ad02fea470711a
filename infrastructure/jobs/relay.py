"""The outbox relay: publishes committed outbox rows to dramatiq in order and marks them sent (ADR-0007)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import dramatiq
import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.errors import StoreUnavailable
from application.jobs import QUEUE
from application.outage_log import OutageLog
from application.ports.clock import Clock
from infrastructure.jobs.broker import BROKER_FAULTS
from infrastructure.persistence.store_errors import describe
from infrastructure.persistence.tables.outbox import outbox

_log = structlog.get_logger("portal.relay")
BATCH = 200
#: Faults the relay expects and retries quietly: the database (translated by its sessions) and the broker.
EXPECTED_FAULTS: tuple[type[BaseException], ...] = (StoreUnavailable, *BROKER_FAULTS)


class OutboxRelay:
    """Moves outbox rows to the broker.

    - Rows are taken oldest first under `FOR UPDATE SKIP LOCKED`, so several relays never hold the same row at once
      and each publishes its batch in order.
    - A batch is marked sent in the transaction that held its locks, after every message of it was handed to the
      broker. A relay that dies mid-batch leaves its rows unsent, and the next relay publishes them again: nothing is
      lost. The message id is the row's id, and the worker records it in the same transaction as the message's
      effect, so a message published twice takes effect once.
    """

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], broker: dramatiq.Broker, clock: Clock
    ) -> None:
        self._sessions = session_factory
        self._broker = broker
        self._clock = clock

    async def relay_once(self, batch: int = BATCH) -> int:
        """Publish up to `batch` rows; returns how many were published."""
        async with self._sessions() as session, session.begin():
            query = (
                select(outbox.c.seq, outbox.c.message_id, outbox.c.actor, outbox.c.payload)
                .where(
                    outbox.c.sent_at.is_(None),
                    or_(outbox.c.not_before.is_(None), outbox.c.not_before <= self._clock.now()),
                )
                .order_by(outbox.c.seq)
                .limit(batch)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.execute(query)).all()
            if not rows:
                return 0
            await asyncio.to_thread(self._publish, list(rows))
            await session.execute(
                update(outbox)
                .where(outbox.c.seq.in_([row.seq for row in rows]))
                .values(sent_at=self._clock.now(), attempts=outbox.c.attempts + 1)
            )
        _log.debug("relay.batch", published=len(rows))
        return len(rows)

    async def drain(self) -> int:
        """Publish until no unsent row is left; returns how many were published."""
        total = 0
        while published := await self.relay_once():
            total += published
        return total

    async def run(self, stop: asyncio.Event, idle_seconds: float = 0.2) -> None:
        """Relay until `stop` is set; waits `idle_seconds` after finding nothing; survives database and broker
        outages, backing off and logging one line per change of state (`relay.down`, `relay.retrying`, `relay.back`).
        """
        outage = OutageLog("relay")
        while not stop.is_set():
            wait = idle_seconds
            try:
                published = await self.relay_once()
                outage.succeeded()
            except EXPECTED_FAULTS as exc:
                published, wait = 0, outage.failed(describe(exc))
            except Exception:  # noqa: BLE001 - the relay must outlive any single failure; it retries
                _log.exception("relay.crashed")
                published, wait = 0, outage.failed("unexpected error")
            if not published:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=wait)

    def _publish(self, rows: list[Any]) -> None:
        for row in rows:
            self._broker.enqueue(
                dramatiq.Message(
                    queue_name=QUEUE,
                    actor_name=row.actor,
                    args=(row.payload,),
                    kwargs={},
                    options={},
                    message_id=str(row.message_id),
                )
            )
