"""Payment status changes across server processes with PostgreSQL LISTEN/NOTIFY (PRODUCT §6.5)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.errors import StoreUnavailable
from application.outage_log import OutageLog
from infrastructure.live.status_hub import StatusHub
from infrastructure.persistence.store_errors import describe

CHANNEL = "portal_payment_status"
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


class PostgresStatusBroadcaster:
    """`publish` NOTIFYs every process; `listen` (run by each `portal serve`) feeds its hub, reconnecting on loss.

    - A NOTIFY goes through the process's connection pool (no connection of its own per message). When it cannot
      be sent, this process's own pages still hear it, and every live stream re-reads its payment at least every
      `StatusHub.reread_seconds`, so a lost notification delays a page by at most that much.
    - The listener holds one connection per process; its outages are logged once per change of state.
    """

    def __init__(self, database_url: str, hub: StatusHub, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._dsn = _dsn(database_url)
        self._hub = hub
        self._sessions = session_factory
        self._notify_outage = OutageLog("live.notify")

    async def publish(self, payment_id: uuid.UUID, status: str) -> None:
        self._hub.deliver(payment_id, status)
        try:
            async with self._sessions() as session, session.begin():
                await session.execute(_NOTIFY, {"channel": CHANNEL, "payload": f"{payment_id}:{status}"})
        except StoreUnavailable as exc:
            self._notify_outage.failed(str(exc))
            return
        self._notify_outage.succeeded()

    async def listen(self, stop: asyncio.Event) -> None:
        outage = OutageLog("live.listener")
        while not stop.is_set():
            try:
                connection = await asyncpg.connect(self._dsn, timeout=5)
            except (OSError, asyncpg.PostgresError) as exc:
                await _pause(stop, outage.failed(describe(exc)))
                continue
            outage.succeeded()
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _c, lost=lost: lost.set())
            try:
                await connection.add_listener(CHANNEL, self._on_notify)
                waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(lost.wait())]
                _done, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                outage.failed(describe(exc))
            finally:
                with contextlib.suppress(Exception):
                    await connection.close()
            if lost.is_set() and not stop.is_set():
                await _pause(stop, outage.failed("the listening connection was lost"))

    def _on_notify(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        payment, _, status = payload.partition(":")
        with contextlib.suppress(ValueError):
            self._hub.deliver(uuid.UUID(payment), status)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
