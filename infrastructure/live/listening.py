"""The live-status listener's lifetime: a resource of the composition root, started by the web app's lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from application.ports.payments import StatusBroadcaster


@asynccontextmanager
async def listening(broadcaster: StatusBroadcaster) -> AsyncIterator[None]:
    """While open, the broadcaster's LISTEN loop runs as a task (PostgreSQL); closing stops it and waits for it.

    - A broadcaster without a `listen` loop (the process's own StatusHub, on SQLite) needs none.
    """
    listen = getattr(broadcaster, "listen", None)
    if listen is None:
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(listen(stop))
    try:
        yield
    finally:
        stop.set()
        await task
