"""WasMessageHandled: whether a worker message already took effect (the inbox of ADR-0007)."""

from __future__ import annotations

import uuid
from typing import Protocol

import msgspec


class WasMessageHandled(msgspec.Struct, frozen=True, kw_only=True):
    message_id: uuid.UUID


class InboxReader(Protocol):
    async def was_handled(self, message_id: uuid.UUID) -> bool: ...


class WasMessageHandledHandler:
    def __init__(self, reader: InboxReader) -> None:
        self._reader = reader

    async def __call__(self, query: WasMessageHandled) -> bool:
        return await self._reader.was_handled(query.message_id)
