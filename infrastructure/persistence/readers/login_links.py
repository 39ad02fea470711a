"""SQL read of the challenge behind a sign-in link token, for the link's pages (PRODUCT §2.9)."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.identity.describe_login_link import LoginLinkRow
from infrastructure.persistence.readers.rows import as_dict
from infrastructure.persistence.tables.identity import login_challenges

c = login_challenges.c


class SqlAlchemyLoginLinkReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def find(self, link_hash: bytes) -> LoginLinkRow | None:
        async with self._sessions() as session:
            query = select(c.email, c.issued_at, c.expires_at, c.attempts, c.consumed_at, c.ended_at).where(
                c.link_hash == link_hash
            )
            row = (await session.execute(query)).first()
            return msgspec.convert(as_dict(row), LoginLinkRow) if row else None
