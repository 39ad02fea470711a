"""Which status broadcaster a process gets: LISTEN/NOTIFY on PostgreSQL, the in-process hub on SQLite."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.payments import StatusBroadcaster
from infrastructure.live.postgres_broadcaster import PostgresStatusBroadcaster
from infrastructure.live.status_hub import StatusHub
from infrastructure.persistence.engine import async_url
from infrastructure.settings import Settings


def make_broadcaster(
    settings: Settings, hub: StatusHub, session_factory: async_sessionmaker[AsyncSession]
) -> StatusBroadcaster:
    url = async_url(settings.database_url)
    if url.startswith("postgresql"):
        return PostgresStatusBroadcaster(url, hub, session_factory)
    return hub
