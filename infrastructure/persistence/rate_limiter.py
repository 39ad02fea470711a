"""A sliding-window rate limiter in the database, shared by every process (PRODUCT §2.7, ADR-0033)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Executable, bindparam, delete, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.identity import RateDecision
from domain.identity.rate_limit import RateLimit
from infrastructure.persistence.tables.identity import rate_limit_buckets, rate_limit_hits
from infrastructure.persistence.types import UtcDateTime

h = rate_limit_hits.c
_BUCKET = bindparam("bucket", type_=rate_limit_hits.c.bucket.type)
_NOW = bindparam("now", type_=UtcDateTime())
_OLDEST = bindparam("oldest", type_=UtcDateTime())


def _since(i: int) -> Any:
    return bindparam(f"since_{i}", type_=UtcDateTime())


def _lock(dialect: str) -> Executable:
    """The bucket's row, made or touched: ON CONFLICT DO UPDATE holds its lock until the transaction ends, so
    concurrent hits on one bucket queue here and each counts what the one before it wrote.
    """
    upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(rate_limit_buckets)
    return upsert.values(bucket=_BUCKET, touched_at=_NOW).on_conflict_do_update(
        index_elements=["bucket"], set_={"touched_at": _NOW}
    )


_LOCKS = {dialect: _lock(dialect) for dialect in ("postgresql", "sqlite")}
#: hits older than the longest window are dropped as the bucket is used
_FORGET = delete(rate_limit_hits).where(h.bucket == _BUCKET, h.at <= _OLDEST)


@cache
def _record_if_room(counts: tuple[int, ...]) -> Executable:
    """The hit is written only if every window (`since_i`, at most `counts[i]` hits) has room: one statement for the
    check and the write, built once per shape of limit.
    """
    full = [
        select(func.count()).where(h.bucket == _BUCKET, h.at > _since(i)).scalar_subquery() >= count
        for i, count in enumerate(counts)
    ]
    written = select(_BUCKET, _NOW).where(~or_(*full))
    return insert(rate_limit_hits).from_select(["bucket", "at"], written).returning(h.id)


@cache
def _oldest_counted(offset: int) -> Executable:
    """The hit whose leaving the window makes room (the `count`-th newest in it): only when a request is refused."""
    since = _since(0)
    return select(h.at).where(h.bucket == _BUCKET, h.at > since).order_by(h.at.desc()).offset(offset).limit(1)


class SqlRateLimiter:
    """Each bucket has a row that is locked while its hits are counted, so concurrent requests queue per bucket
    and the count is exact. A refused request records nothing; hits older than the longest window are dropped as
    the bucket is used (and by `portal maintenance purge`). An allowed hit is BEGIN, the lock, the forgetting, the
    checked write and COMMIT, each statement built once (PRODUCT §11); a refusal reads when each full window frees.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def hit(self, bucket: str, limit: RateLimit, now: dt.datetime) -> RateDecision:
        longest = max(seconds for _, seconds in limit.pairs)
        windows = {f"since_{i}": now - dt.timedelta(seconds=seconds) for i, (_, seconds) in enumerate(limit.pairs)}
        values = {"bucket": bucket, "now": now, "oldest": now - dt.timedelta(seconds=longest)} | windows
        async with self._sessions() as session, session.begin():
            await session.execute(_LOCKS[session.get_bind().dialect.name], values)
            await session.execute(_FORGET, values)
            written = (await session.execute(_record_if_room(tuple(c for c, _ in limit.pairs)), values)).first()
            if written is not None:
                return RateDecision(allowed=True)
            retry_after = 0
            for count, seconds in limit.pairs:
                since = now - dt.timedelta(seconds=seconds)
                oldest = await session.scalar(_oldest_counted(count - 1), {"bucket": bucket, "since_0": since})
                if oldest is not None:  # this window is full: its `count`-th newest hit leaves it at `oldest + seconds`
                    leaves = oldest + dt.timedelta(seconds=seconds)
                    retry_after = max(retry_after, int((leaves - now).total_seconds()) + 1)
        return RateDecision(allowed=False, retry_after_seconds=retry_after)
