"""The ApiKeyReader port and its views."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

import msgspec


class ApiKeyView(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiKeyReader(Protocol):
    """- `find_active` answers only for a key that exists and is not revoked."""

    async def find_active(self, key_hash: bytes) -> ApiKeyView | None: ...

    async def list_all(self) -> list[ApiKeyView]: ...
