"""ListSentSms: what the embedded SMS outbox holds (`/dev/sms`, embedded mode only)."""

from __future__ import annotations

import msgspec

from application.queries.automation.views import SentSmsReader, SentSmsView


class ListSentSms(msgspec.Struct, frozen=True, kw_only=True):
    limit: int = 200


class ListSentSmsHandler:
    def __init__(self, reader: SentSmsReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListSentSms) -> list[SentSmsView]:
        return await self._reader.sent(query.limit)
