"""Ports for staff API keys."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.identity.api_key import ApiKey


class ApiKeyRepository(Protocol):
    def add(self, key: ApiKey) -> None: ...

    async def get(self, key_id: UUID) -> ApiKey | None: ...
