"""What readiness asks: the database and the broker, each answering within a short timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

ProbeFn = Callable[[], Awaitable[bool]]


class Probes:
    def __init__(self, probes: dict[str, ProbeFn], timeout: float = 2.0) -> None:
        self._probes = probes
        self._timeout = timeout

    async def check(self) -> dict[str, bool]:
        results = await asyncio.gather(*(self._one(fn) for fn in self._probes.values()))
        return dict(zip(self._probes, results, strict=True))

    async def _one(self, fn: ProbeFn) -> bool:
        try:
            return await asyncio.wait_for(fn(), timeout=self._timeout)
        except (TimeoutError, OSError):
            return False
