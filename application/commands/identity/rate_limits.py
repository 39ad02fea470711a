"""One rule for every rate-limited use case: a refused hit becomes RateLimited with its Retry-After (PRODUCT §2.7)."""

from __future__ import annotations

import datetime as dt

from application.errors import RateLimited
from application.ports.identity import RateLimiter
from domain.identity.rate_limit import RateLimit


async def enforce(limiter: RateLimiter, bucket: str, limit: RateLimit, now: dt.datetime) -> None:
    """Count one hit in `bucket` under `limit`; raise RateLimited when a window is full."""
    decision = await limiter.hit(bucket, limit, now)
    if not decision.allowed:
        raise RateLimited(decision.retry_after_seconds)
