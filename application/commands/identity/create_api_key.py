"""CreateApiKey: staff make a named admin API key (PRODUCT §3, §12); the key is returned once."""

from __future__ import annotations

import uuid

import msgspec

from application.credentials.api_key_secret import PREFIX_SHOWN, hash_api_key, new_api_key
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.identity.api_key import ApiKey


class CreateApiKey(msgspec.Struct, frozen=True, kw_only=True):
    name: str


class CreatedApiKey(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    key: str


class CreateApiKeyHandler:
    """- Stores the key's digest and its first characters (for listings), never the key itself."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: CreateApiKey) -> CreatedApiKey:
        key = new_api_key()
        api_key = ApiKey.create(
            key_id=uuid.uuid4(),
            name=cmd.name,
            key_hash=hash_api_key(key),
            prefix=key[:PREFIX_SHOWN],
            now=self._clock.now(),
        )
        async with self.uow:
            self.uow.api_keys.add(api_key)
            await self.uow.commit()
        return CreatedApiKey(id=api_key.id, key=key)
