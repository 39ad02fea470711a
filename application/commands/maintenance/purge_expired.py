"""PurgeExpired: remove what has served its purpose (PRODUCT §9 `portal maintenance purge`)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import msgspec

from application.ports.clock import Clock

RETENTION_DAYS = 30


class PurgeCounts(msgspec.Struct, frozen=True, kw_only=True):
    challenges: int
    sessions: int
    rate_limit_hits: int
    outbox: int
    inbox: int
    mail: int = 0


class RetentionStore(Protocol):
    """- Deletes, older than `before`: expired challenges, ended sessions (revoked, idle or past their lifetime),
    rate-limit hits, sent outbox rows, the worker's inbox records and the mail ledger's claims (a claim older than
    the retention guards no retry any more). Never touches an open challenge or an active
    session, an unsent outbox row, documents, payments or the event log.
    """

    async def purge(self, *, before: dt.datetime, session_idle: dt.timedelta) -> PurgeCounts: ...


class PurgeExpired(msgspec.Struct, frozen=True, kw_only=True):
    retention_days: int = RETENTION_DAYS


class PurgeExpiredHandler:
    def __init__(self, store: RetentionStore, clock: Clock, session_idle_minutes: int) -> None:
        self._store = store
        self._clock = clock
        self._idle = dt.timedelta(minutes=session_idle_minutes)

    async def __call__(self, cmd: PurgeExpired) -> PurgeCounts:
        before = self._clock.now() - dt.timedelta(days=max(1, cmd.retention_days))
        return await self._store.purge(before=before, session_idle=self._idle)
