"""One cached MobilePay access token per gateway: reused for its lifetime, refreshed a little before it ends.

Several valid tokens may coexist at the vendor, so a refresh never invalidates the old one; concurrent callers
share one fetch. A refresh that fails while the old token still lives falls back to the old token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["AccessToken", "AccessTokenCache"]


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str = ""
    lifetime: float = 0.0  # seconds, as the vendor's `expires_in` said

    def __repr__(self) -> str:
        return f"AccessToken(lifetime={self.lifetime})"  # never the token itself


@dataclass(slots=True)
class _Cached:
    token: AccessToken
    fetched_at: float


class AccessTokenCache:
    """Hands out a valid token, fetching one only when none is fresh.

    - A token is fresh until `lifetime - margin` seconds after it was fetched, where margin is
      `refresh_margin` but at most half the lifetime. It is usable until `lifetime` seconds.
    - `clock` is monotonic seconds (time.monotonic in production, a fake in tests).
    """

    def __init__(self, *, clock: Callable[[], float], refresh_margin: float = 300.0) -> None:
        self._clock = clock
        self._refresh_margin = refresh_margin
        self._cached: _Cached | None = None
        self._inflight: asyncio.Task[AccessToken] | None = None

    async def get(self, fetch: Callable[[], Awaitable[AccessToken]]) -> str:
        cached = self._cached
        if cached is not None and self._age(cached) < self._fresh_for(cached.token):
            return cached.token.value
        try:
            return (await self._shared_fetch(fetch)).value
        except Exception:
            if cached is not None and self._age(cached) < cached.token.lifetime and self._cached is cached:
                return cached.token.value
            raise

    def invalidate(self, token: str) -> None:
        """Forget `token` (the vendor answered 401 to it); a later `get` fetches a new one."""
        if self._cached is not None and self._cached.token.value == token:
            self._cached = None

    def _age(self, cached: _Cached) -> float:
        return self._clock() - cached.fetched_at

    def _fresh_for(self, token: AccessToken) -> float:
        return token.lifetime - min(self._refresh_margin, token.lifetime / 2)

    async def _shared_fetch(self, fetch: Callable[[], Awaitable[AccessToken]]) -> AccessToken:
        loop = asyncio.get_running_loop()
        task = self._inflight
        if task is None or task.done() or task.get_loop() is not loop:
            task = loop.create_task(self._fetch(fetch))
            task.add_done_callback(_retrieve_exception)
            self._inflight = task
        # shield: a caller that is cancelled must not cancel the fetch the others are waiting for
        return await asyncio.shield(task)

    async def _fetch(self, fetch: Callable[[], Awaitable[AccessToken]]) -> AccessToken:
        started = self._clock()
        token = await fetch()
        self._cached = _Cached(token=token, fetched_at=started)
        return token


def _retrieve_exception(task: asyncio.Task[AccessToken]) -> None:
    # the waiters see the exception; this keeps asyncio from warning when every waiter was cancelled
    if not task.cancelled():
        task.exception()
