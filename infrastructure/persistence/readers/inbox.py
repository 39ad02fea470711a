"""SQL read of the worker's inbox."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infrastructure.persistence.tables.outbox import processed_messages


class SqlAlchemyInboxReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def was_handled(self, message_id: uuid.UUID) -> bool:
        async with self._sessions() as session:
            query = select(processed_messages.c.message_id).where(processed_messages.c.message_id == message_id)
            return (await session.execute(query)).first() is not None
