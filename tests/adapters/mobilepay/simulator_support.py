"""Helpers for the simulator's unit tests: a movable clock and a webhook sink (no sockets)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

MSN = "123456"


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Hooks:
    """Records webhook deliveries instead of sending them (a MockTransport handler)."""

    def __init__(self) -> None:
        self.received: list[httpx.Request] = []
        self.status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        return httpx.Response(self.status)


def in_process(app: Any) -> httpx.ASGITransport:
    """An httpx transport that calls the ASGI app directly (httpx types apps more narrowly than Litestar)."""
    return httpx.ASGITransport(app=app)
