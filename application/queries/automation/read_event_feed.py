"""ReadEventFeed: the admin events feed, `GET /admin/api/v1/events?after=&limit=` (PRODUCT §12)."""

from __future__ import annotations

import msgspec

from application.queries.automation.views import EventFeedPage, EventFeedReader
from domain.shared.errors import DomainError

MAX_LIMIT = 1000


class ReadEventFeed(msgspec.Struct, frozen=True, kw_only=True):
    after: str | None = None
    limit: int = 100


class ReadEventFeedHandler:
    """- `limit` is 1–1000; a cursor not made by this feed is refused (422), never read as "from the start".
    - On an empty page `next_after` is the cursor given.
    """

    def __init__(self, reader: EventFeedReader) -> None:
        self._reader = reader

    async def __call__(self, query: ReadEventFeed) -> EventFeedPage:
        if not 1 <= query.limit <= MAX_LIMIT:
            raise DomainError("limit must be between 1 and 1000", [("/limit", "must be between 1 and 1000")])
        try:
            return await self._reader.page(query.after or None, query.limit)
        except ValueError:
            raise DomainError("after is not a cursor of this feed", [("/after", "not a cursor of this feed")]) from None
