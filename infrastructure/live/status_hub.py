"""In-process fan-out of payment status changes to the live pages (SSE) of this process."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class StatusHub:
    """Subscribers get every status published for their payment, from any thread or event loop of the process.

    - As a StatusBroadcaster it serves a single process (embedded mode); with PostgreSQL the broadcaster is
      `PostgresStatusBroadcaster`, whose listener feeds this hub in every server process.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[uuid.UUID, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]]] = defaultdict(set)

    async def publish(self, payment_id: uuid.UUID, status: str) -> None:
        self.deliver(payment_id, status)

    def deliver(self, payment_id: uuid.UUID, status: str) -> None:
        with self._lock:
            targets = list(self._subscribers.get(payment_id, ()))
        for loop, queue in targets:
            if not loop.is_closed():
                loop.call_soon_threadsafe(queue.put_nowait, status)

    @asynccontextmanager
    async def subscribe(self, payment_id: uuid.UUID) -> AsyncIterator[asyncio.Queue[str]]:
        entry = (asyncio.get_running_loop(), asyncio.Queue[str]())
        with self._lock:
            self._subscribers[payment_id].add(entry)
        try:
            yield entry[1]
        finally:
            with self._lock:
                self._subscribers[payment_id].discard(entry)
                if not self._subscribers[payment_id]:
                    del self._subscribers[payment_id]
