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
    - `reread_seconds`: how long a live stream waits for news before it reads its payment again (PRODUCT §10:
      at least every 15 s), so a notification lost anywhere leaves no page stale for longer.
    """

    def __init__(self, reread_seconds: float = 15.0) -> None:
        self.reread_seconds = reread_seconds
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

    def watchers(self, payment_id: uuid.UUID) -> int:
        """How many live streams of this process follow the payment now."""
        with self._lock:
            return len(self._subscribers.get(payment_id, ()))

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
