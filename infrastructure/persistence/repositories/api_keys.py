"""SQLAlchemy repository of staff API keys."""

from __future__ import annotations

from uuid import UUID

from domain.identity.api_key import ApiKey
from infrastructure.persistence.repositories.tracking import TrackingRepository


class SqlAlchemyApiKeyRepository(TrackingRepository):
    def add(self, key: ApiKey) -> None:
        self._add(key)

    async def get(self, key_id: UUID) -> ApiKey | None:
        return self._track(await self._session.get(ApiKey, key_id))
