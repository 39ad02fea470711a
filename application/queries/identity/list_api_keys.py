"""ListApiKeys: every admin API key with its state, newest first."""

from __future__ import annotations

import msgspec

from application.queries.identity.api_keys import ApiKeyReader, ApiKeyView


class ListApiKeys(msgspec.Struct, frozen=True, kw_only=True):
    pass


class ListApiKeysHandler:
    def __init__(self, reader: ApiKeyReader) -> None:
        self._reader = reader

    async def __call__(self, _query: ListApiKeys) -> list[ApiKeyView]:
        return await self._reader.list_all()
