"""Admin events feed (PRODUCT §12): `GET /admin/api/v1/events?after=&limit=` in commit order."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from application.messagebus import MessageBus
from application.queries.automation.read_event_feed import ReadEventFeed
from application.queries.automation.views import EventFeedPage
from interfaces.http.admin.auth import require_api_key


class AdminEventsController(Controller):
    path = "/admin/api/v1"
    guards = [require_api_key]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["admin"]  # noqa: RUF012
    security = [{"apiKey": []}]  # noqa: RUF012

    @get("/events")
    async def events(
        self, bus: NamedDependency[MessageBus], after: FromQuery[str | None] = None, limit: FromQuery[int] = 100
    ) -> EventFeedPage:
        """`{"items": [ENVELOPE], "next_after"}`: pass `next_after` back as `after` for the next page.

        The cursor is opaque and follows commit order: an event that commits late is never skipped. On an empty
        page `next_after` is the cursor given.
        """
        page: EventFeedPage = await bus.handle(ReadEventFeed(after=after, limit=limit))
        return page
