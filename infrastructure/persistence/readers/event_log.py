"""SQL reads of the portal event log."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.events.envelope import Envelope
from infrastructure.persistence.tables.outbox import events


class SqlAlchemyEventLog:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def get(self, event_id: uuid.UUID) -> Envelope | None:
        async with self._sessions() as session:
            row = (await session.execute(select(events.c.envelope).where(events.c.id == event_id))).first()
            return msgspec.convert(row.envelope, Envelope) if row else None

    async def exists(self, type_: str, document_id: uuid.UUID, *, after: dt.datetime, until: dt.datetime) -> bool:
        condition = exists().where(
            events.c.document_id == document_id,
            events.c.type == type_,
            events.c.occurred_at > after,
            events.c.occurred_at <= until,
        )
        async with self._sessions() as session:
            return bool(await session.scalar(select(condition)))
