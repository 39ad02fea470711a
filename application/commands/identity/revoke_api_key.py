"""RevokeApiKey: staff end an admin API key at once."""

from __future__ import annotations

import uuid

import msgspec

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.shared.errors import NotFound


class RevokeApiKey(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID


class RevokeApiKeyHandler:
    """- Unknown id → NotFound; revoking twice changes nothing (every idempotent staff command: the same rule).
    - Returns whether this call revoked it (False: it was revoked already).
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RevokeApiKey) -> bool:
        async with self.uow:
            key = await self.uow.api_keys.get(cmd.id)
            if key is None:
                raise NotFound(f"no API key {cmd.id}")
            newly = key.revoke(self._clock.now())
            await self.uow.commit()
            return newly
