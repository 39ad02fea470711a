"""A sliding-window rate limiter in the database, shared by every process (PRODUCT §2.7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.identity import RateDecision
from domain.identity.rate_limit import RateLimit
from infrastructure.persistence.tables.identity import rate_limit_buckets, rate_limit_hits


class SqlRateLimiter:
    """Each bucket has a row that is locked while its hits are counted, so concurrent requests queue per bucket
    and the count is exact. A refused request records nothing; hits older than the longest window are dropped as
    the bucket is used (and by `portal maintenance purge`).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def hit(self, bucket: str, limit: RateLimit, now: dt.datetime) -> RateDecision:
        longest = max(seconds for _, seconds in limit.pairs)
        async with self._sessions() as session, session.begin():
            await self._lock_bucket(session, bucket, now)
            await session.execute(
                delete(rate_limit_hits).where(
                    rate_limit_hits.c.bucket == bucket, rate_limit_hits.c.at <= now - dt.timedelta(seconds=longest)
                )
            )
            retry_after = 0
            for count, seconds in limit.pairs:
                since = now - dt.timedelta(seconds=seconds)
                recent = select(rate_limit_hits.c.at).where(
                    rate_limit_hits.c.bucket == bucket, rate_limit_hits.c.at > since
                )
                used = await session.scalar(select(func.count()).select_from(recent.subquery()))
                if (used or 0) >= count:
                    oldest_counted = await session.scalar(
                        recent.order_by(rate_limit_hits.c.at.desc()).offset(count - 1).limit(1)
                    )
                    leaves = (oldest_counted or now) + dt.timedelta(seconds=seconds)
                    retry_after = max(retry_after, int((leaves - now).total_seconds()) + 1)
            if retry_after:
                return RateDecision(allowed=False, retry_after_seconds=retry_after)
            await session.execute(insert(rate_limit_hits).values(bucket=bucket, at=now))
        return RateDecision(allowed=True)

    async def _lock_bucket(self, session: AsyncSession, bucket: str, now: dt.datetime) -> None:
        dialect = session.bind.dialect.name if session.bind is not None else ""
        upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(rate_limit_buckets).values(
            bucket=bucket, touched_at=now
        )
        await session.execute(upsert.on_conflict_do_update(index_elements=["bucket"], set_={"touched_at": now}))
        if dialect == "postgresql":
            await session.execute(
                select(rate_limit_buckets.c.bucket).where(rate_limit_buckets.c.bucket == bucket).with_for_update()
            )
