"""An httpx client on an ASGI app in the test's own event loop.

Litestar's AsyncTestClient runs the app on another loop, which asyncpg connections shared with the test forbid.
The app's lifespan is not run: the container fixture releases what the app would release on shutdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from litestar import Litestar


@asynccontextmanager
async def asgi_client(app: Litestar, base_url: str = "http://testserver.local") -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield client
