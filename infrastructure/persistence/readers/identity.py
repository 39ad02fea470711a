"""SQL reads of the identity context: sessions, and the customer records behind an email."""

from __future__ import annotations

import msgspec
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.identity.get_session import SessionView
from infrastructure.persistence.readers.rows import as_dict
from infrastructure.persistence.tables.documents import customers
from infrastructure.persistence.tables.identity import customer_sessions

s = customer_sessions.c


class SqlAlchemySessionReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def find(self, id_hash: bytes) -> SessionView | None:
        async with self._sessions() as session:
            query = select(s.email, s.created_at, s.last_seen_at, s.revoked_at).where(s.id_hash == id_hash)
            row = (await session.execute(query)).first()
            return msgspec.convert(as_dict(row), SessionView) if row else None


class SqlAlchemyCustomerDirectory:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def is_known(self, email: str) -> bool:
        async with self._sessions() as session:
            return bool(await session.scalar(select(exists().where(customers.c.email_normalised == email))))

    async def first_record(self, email: str) -> tuple[str, str] | None:
        async with self._sessions() as session:
            query = (
                select(customers.c.customer_no, customers.c.locale)
                .where(customers.c.email_normalised == email)
                .order_by(customers.c.customer_no)
                .limit(1)
            )
            row = (await session.execute(query)).first()
            return (row.customer_no, row.locale) if row else None

    async def records(self, email: str) -> list[str]:
        async with self._sessions() as session:
            query = select(customers.c.customer_no).where(customers.c.email_normalised == email)
            return list((await session.scalars(query.order_by(customers.c.customer_no))).all())

    async def contact(self, customer_no: str) -> tuple[str, str] | None:
        async with self._sessions() as session:
            query = select(customers.c.email_normalised, customers.c.locale).where(
                customers.c.customer_no == customer_no, customers.c.email_normalised.is_not(None)
            )
            row = (await session.execute(query)).first()
            return (row.email_normalised, row.locale) if row else None
