"""Admin events feed (PRODUCT §12): `GET /admin/api/v1/events?after=&limit=` in commit order."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from application.input_text import LINE_PATTERN
from application.messagebus import MessageBus
from application.queries.automation.read_event_feed import MAX_LIMIT, ReadEventFeed
from application.queries.automation.views import EventFeedPage
from interfaces.http.admin.auth import require_api_key
from interfaces.http.problem_docs import ProblemOperation, problems


class AdminEventsController(Controller):
    path = "/admin/api/v1"
    guards = [require_api_key]  # noqa: RUF012 - Litestar reads it as a class attribute
    tags = ["admin"]  # noqa: RUF012
    security = [{"apiKey": []}]  # noqa: RUF012

    @get(
        "/events", operation_id="admin.events.list", responses=problems(401, 422, 503), operation_class=ProblemOperation
    )
    async def events(
        self,
        bus: NamedDependency[MessageBus],
        after: Annotated[str, QueryParameter(pattern=LINE_PATTERN)] = "",
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 100,
    ) -> EventFeedPage:
        """`{"items": [ENVELOPE], "next_after"}`: pass `next_after` back as `after` for the next page.

        The cursor is opaque and follows commit order: an event that commits late is never skipped. On an empty
        page `next_after` is the cursor given.
        """
        page: EventFeedPage = await bus.handle(ReadEventFeed(after=after, limit=limit))
        return page
