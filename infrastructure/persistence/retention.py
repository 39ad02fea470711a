"""Deletes what is past the retention, in one transaction (PRODUCT §9 `portal maintenance purge`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.commands.maintenance.purge_expired import PurgeCounts
from infrastructure.persistence.tables.identity import customer_sessions, login_challenges, rate_limit_hits
from infrastructure.persistence.tables.outbox import mail_sends, outbox, processed_messages


class SqlRetentionStore:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def purge(self, *, before: dt.datetime, session_idle: dt.timedelta) -> PurgeCounts:
        s = customer_sessions.c
        statements: dict[str, Any] = {
            "challenges": delete(login_challenges).where(login_challenges.c.expires_at < before),
            "sessions": delete(customer_sessions).where(
                or_(s.revoked_at < before, s.last_seen_at < before - session_idle, s.created_at < before)
            ),
            "rate_limit_hits": delete(rate_limit_hits).where(rate_limit_hits.c.at < before),
            "outbox": delete(outbox).where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < before),
            "inbox": delete(processed_messages).where(processed_messages.c.processed_at < before),
            "mail": delete(mail_sends).where(mail_sends.c.claimed_at < before),
        }
        counts: dict[str, int] = {}
        async with self._sessions() as session, session.begin():
            for name, statement in statements.items():
                result = await session.execute(statement)
                counts[name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
        return PurgeCounts(**counts)
