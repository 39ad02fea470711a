"""RateLimiter (PRODUCT §2.7, ADR-0033), one contract run on the fake, on SQLite and on PostgreSQL: sliding windows
that must all hold, a refusal that records nothing and says when to retry, buckets apart."""

from __future__ import annotations

import datetime as dt

import pytest

from application.ports.identity import RateDecision
from domain.identity.rate_limit import RateLimit
from infrastructure.container import Container

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


async def test_a_window_counts_hits_and_refuses_the_one_over_the_limit(store: Container) -> None:
    limiter, limit = store.identity.rate_limiter(), RateLimit.parse("3/1m")
    for second in (0, 10, 20):
        assert await limiter.hit("login:mette", limit, _at(second)) == RateDecision(allowed=True)
    # the oldest counted hit (at 0 s) leaves the window at 60 s: retry in 30 s from 30 s (+1 for the boundary)
    assert await limiter.hit("login:mette", limit, _at(30)) == RateDecision(allowed=False, retry_after_seconds=31)
    assert (await limiter.hit("login:jens", limit, _at(30))).allowed, "another bucket has its own count"
    assert (await limiter.hit("login:mette", limit, _at(60))).allowed, "the hit at 0 s has left the window"


async def test_a_refusal_records_nothing(store: Container) -> None:
    limiter, limit = store.identity.rate_limiter(), RateLimit.parse("2/1m")
    assert (await limiter.hit("b", limit, _at(0))).allowed
    assert (await limiter.hit("b", limit, _at(1))).allowed
    for second in (2, 30, 59):
        assert not (await limiter.hit("b", limit, _at(second))).allowed
    # had the refusals counted, the window would still be full at 61 s
    assert (await limiter.hit("b", limit, _at(61))).allowed


async def test_every_window_must_hold_and_the_fullest_says_when(store: Container) -> None:
    limiter, limit = store.identity.rate_limiter(), RateLimit.parse("2/1m,3/1h")
    assert (await limiter.hit("b", limit, _at(0))).allowed
    assert (await limiter.hit("b", limit, _at(1))).allowed
    assert await limiter.hit("b", limit, _at(2)) == RateDecision(allowed=False, retry_after_seconds=59)
    assert (await limiter.hit("b", limit, _at(120))).allowed
    refused = await limiter.hit("b", limit, _at(180))  # the hour window is full: its oldest hit leaves at 3600 s
    assert refused == RateDecision(allowed=False, retry_after_seconds=3600 - 180 + 1)
