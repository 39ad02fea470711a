"""Payment status changes across server processes with PostgreSQL LISTEN/NOTIFY (PRODUCT §6.5)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

import asyncpg
import structlog

from infrastructure.live.status_hub import StatusHub

CHANNEL = "portal_payment_status"
_log = structlog.get_logger("portal.live")


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


class PostgresStatusBroadcaster:
    """`publish` NOTIFYs every process; `listen` (run by each `portal serve`) feeds its hub, reconnecting on loss."""

    def __init__(self, database_url: str, hub: StatusHub) -> None:
        self._dsn = _dsn(database_url)
        self._hub = hub

    async def publish(self, payment_id: uuid.UUID, status: str) -> None:
        try:
            connection = await asyncpg.connect(self._dsn, timeout=5)
        except (OSError, asyncpg.PostgresError):
            _log.warning("live.notify_failed", payment_id=str(payment_id))
            self._hub.deliver(payment_id, status)
            return
        try:
            await connection.execute("SELECT pg_notify($1, $2)", CHANNEL, f"{payment_id}:{status}")
        finally:
            await connection.close()

    async def listen(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                connection = await asyncpg.connect(self._dsn, timeout=5)
            except (OSError, asyncpg.PostgresError):
                await _pause(stop)
                continue
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _c, lost=lost: lost.set())
            try:
                await connection.add_listener(CHANNEL, self._on_notify)
                waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(lost.wait())]
                _done, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
            finally:
                with contextlib.suppress(Exception):
                    await connection.close()

    def _on_notify(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        payment, _, status = payload.partition(":")
        with contextlib.suppress(ValueError):
            self._hub.deliver(uuid.UUID(payment), status)


async def _pause(stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=1.0)
