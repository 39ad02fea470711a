"""AuthenticateApiKey: which staff key, if any, a bearer token is (PRODUCT §3)."""

from __future__ import annotations

import msgspec

from application.credentials.api_key_secret import hash_api_key
from application.errors import Unauthorized
from application.queries.identity.api_keys import ApiKeyReader, ApiKeyView


class AuthenticateApiKey(msgspec.Struct, frozen=True, kw_only=True):
    key: str


class AuthenticateApiKeyHandler:
    """- A missing, unknown or revoked key raises Unauthorized; the lookup is by digest, so no timing oracle."""

    def __init__(self, reader: ApiKeyReader) -> None:
        self._reader = reader

    async def __call__(self, query: AuthenticateApiKey) -> ApiKeyView:
        if not query.key:
            raise Unauthorized("no API key")
        view = await self._reader.find_active(hash_api_key(query.key))
        if view is None:
            raise Unauthorized("unknown or revoked API key")
        return view
