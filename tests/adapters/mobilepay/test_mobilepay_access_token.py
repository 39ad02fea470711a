"""The access-token cache: one fetch per lifetime, refreshed early, shared by concurrent callers."""

from __future__ import annotations

import asyncio

import pytest

from infrastructure.mobilepay.access_token import AccessToken, AccessTokenCache

pytestmark = pytest.mark.adapter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingFetch:
    def __init__(self, lifetime: float = 3600.0) -> None:
        self.calls = 0
        self.lifetime = lifetime
        self.fail = False
        self.gate: asyncio.Event | None = None

    async def __call__(self) -> AccessToken:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("token endpoint down")
        return AccessToken(value=f"token-{self.calls}", lifetime=self.lifetime)


async def test_a_token_is_fetched_once_and_reused_while_fresh() -> None:
    clock, fetch = FakeClock(), CountingFetch()
    cache = AccessTokenCache(clock=clock, refresh_margin=300)
    assert await cache.get(fetch) == "token-1"
    clock.now += 3299  # one second before the refresh margin starts
    assert await cache.get(fetch) == "token-1"
    assert fetch.calls == 1


async def test_a_token_is_refreshed_before_it_expires() -> None:
    clock, fetch = FakeClock(), CountingFetch()
    cache = AccessTokenCache(clock=clock, refresh_margin=300)
    await cache.get(fetch)
    clock.now += 3300  # 5 minutes before the end of its hour
    assert await cache.get(fetch) == "token-2"
    assert fetch.calls == 2


async def test_a_short_lived_token_is_refreshed_at_half_its_life() -> None:
    clock, fetch = FakeClock(), CountingFetch(lifetime=60)
    cache = AccessTokenCache(clock=clock, refresh_margin=300)
    await cache.get(fetch)
    clock.now += 29
    assert await cache.get(fetch) == "token-1"
    clock.now += 1
    assert await cache.get(fetch) == "token-2"


async def test_concurrent_callers_share_one_fetch() -> None:
    fetch = CountingFetch()
    fetch.gate = asyncio.Event()
    cache = AccessTokenCache(clock=FakeClock())
    waiting = [asyncio.create_task(cache.get(fetch)) for _ in range(5)]
    await asyncio.sleep(0)
    fetch.gate.set()
    assert await asyncio.gather(*waiting) == ["token-1"] * 5
    assert fetch.calls == 1


async def test_a_failed_early_refresh_falls_back_to_the_still_valid_token() -> None:
    clock, fetch = FakeClock(), CountingFetch()
    cache = AccessTokenCache(clock=clock, refresh_margin=300)
    await cache.get(fetch)
    clock.now += 3500
    fetch.fail = True
    assert await cache.get(fetch) == "token-1"


async def test_a_failed_refresh_of_an_expired_token_raises() -> None:
    clock, fetch = FakeClock(), CountingFetch()
    cache = AccessTokenCache(clock=clock)
    await cache.get(fetch)
    clock.now += 3600
    fetch.fail = True
    with pytest.raises(RuntimeError, match="down"):
        await cache.get(fetch)


async def test_an_invalidated_token_is_replaced_and_never_used_as_fallback() -> None:
    fetch = CountingFetch()
    cache = AccessTokenCache(clock=FakeClock())
    token = await cache.get(fetch)
    cache.invalidate(token)
    assert await cache.get(fetch) == "token-2"
    cache.invalidate("token-2")
    fetch.fail = True
    with pytest.raises(RuntimeError):
        await cache.get(fetch)


async def test_invalidating_an_older_token_keeps_the_current_one() -> None:
    fetch = CountingFetch()
    cache = AccessTokenCache(clock=FakeClock())
    await cache.get(fetch)
    cache.invalidate("token-0")
    assert await cache.get(fetch) == "token-1"


def test_the_token_value_never_appears_in_its_repr() -> None:
    assert "secret-value" not in repr(AccessToken(value="secret-value", lifetime=3600))
