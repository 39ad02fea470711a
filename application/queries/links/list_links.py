"""ListLinks: the direct links staff made, newest first (PRODUCT §7 `portal links list`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

import msgspec


class LinkView(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    document_type: str
    document_number: str
    role: str
    party_no: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    openings: int


class LinkReader(Protocol):
    async def list_links(self, limit: int) -> list[LinkView]: ...


class ListLinks(msgspec.Struct, frozen=True, kw_only=True):
    limit: int = 100


class ListLinksHandler:
    def __init__(self, reader: LinkReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListLinks) -> list[LinkView]:
        return await self._reader.list_links(max(1, min(query.limit, 10_000)))
