"""Helpers for the integration tests: a webhook receiver app standing in for the portal's endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from litestar import Litestar, Request, Response, post
from litestar.datastructures import State

MSN = "123456"


@dataclass(frozen=True)
class Delivery:
    path_and_query: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Keeps every webhook it receives, raw, and answers 200."""

    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []
        self.url = ""

    def app(self) -> Litestar:
        @post("/webhooks/mobilepay", status_code=200)
        async def receive(request: Request[object, object, State]) -> Response[bytes]:
            query = request.url.query
            path = request.url.path + (f"?{query}" if query else "")
            self.deliveries.append(Delivery(path, dict(request.headers), await request.body()))
            return Response(content=b"", status_code=200)

        return Litestar(route_handlers=[receive], openapi_config=None)


async def until(condition: Callable[[], bool]) -> None:
    """Wait for the simulator's background delivery, a bounded number of turns (not a timing assertion)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition never held")
