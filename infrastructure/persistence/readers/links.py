"""SQL reads of document links."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.links.list_links import LinkView
from infrastructure.persistence.readers.rows import as_dict
from infrastructure.persistence.tables.links import document_links

k = document_links.c


class SqlAlchemyLinkReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def list_links(self, limit: int) -> list[LinkView]:
        columns = (
            k.id,
            k.document_type,
            k.document_number,
            k.role,
            k.party_no,
            k.created_at,
            k.expires_at,
            k.revoked_at,
            k.openings,
        )
        async with self._sessions() as session:
            rows = (await session.execute(select(*columns).order_by(k.created_at.desc(), k.id).limit(limit))).all()
            return [msgspec.convert(as_dict(r), LinkView) for r in rows]
