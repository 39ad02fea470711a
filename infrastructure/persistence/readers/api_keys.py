"""SQL reads of staff API keys."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.identity.api_keys import ApiKeyView
from infrastructure.persistence.readers.rows import as_dict
from infrastructure.persistence.tables.identity import api_keys

_COLUMNS = (api_keys.c.id, api_keys.c.name, api_keys.c.prefix, api_keys.c.created_at, api_keys.c.revoked_at)


class SqlAlchemyApiKeyReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def find_active(self, key_hash: bytes) -> ApiKeyView | None:
        async with self._sessions() as session:
            query = select(*_COLUMNS).where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None))
            row = (await session.execute(query)).first()
            return msgspec.convert(as_dict(row), ApiKeyView) if row else None

    async def list_all(self) -> list[ApiKeyView]:
        async with self._sessions() as session:
            rows = (await session.execute(select(*_COLUMNS).order_by(api_keys.c.created_at.desc()))).all()
            return [msgspec.convert(as_dict(r), ApiKeyView) for r in rows]
