"""Which status broadcaster a process gets: LISTEN/NOTIFY on PostgreSQL, the in-process hub on SQLite."""

from __future__ import annotations

from application.ports.payments import StatusBroadcaster
from infrastructure.live.postgres_broadcaster import PostgresStatusBroadcaster
from infrastructure.live.status_hub import StatusHub
from infrastructure.persistence.engine import async_url
from infrastructure.settings import Settings


def make_broadcaster(settings: Settings, hub: StatusHub) -> StatusBroadcaster:
    url = async_url(settings.database_url)
    if url.startswith("postgresql"):
        return PostgresStatusBroadcaster(url, hub)
    return hub
