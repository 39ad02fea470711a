"""The SQL ledger of emails handed to the mail server: one row per Message-ID (PRODUCT §10)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infrastructure.persistence.tables.outbox import mail_sends


class SqlMailLedger:
    """- `claim` inserts the id and says whether this caller made the row (a second claim of one id: False).
    - `release` removes a claim whose sending certainly failed, so a retry may send.
    - Each call is its own short transaction, committed at once (never part of a job's unit of work).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def claim(self, message_id: str, now: dt.datetime) -> bool:
        async with self._sessions() as session, session.begin():
            dialect = session.get_bind().dialect.name
            insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(mail_sends)
            statement = insert.values(message_id=message_id, claimed_at=now).on_conflict_do_nothing()
            result = await session.execute(statement)
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release(self, message_id: str) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(delete(mail_sends).where(mail_sends.c.message_id == message_id))
