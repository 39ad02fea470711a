"""Read models of the automation context: flows, flow runs, the event feed, the embedded SMS outbox."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Protocol

import msgspec

from application.events.envelope import Envelope


class FlowView(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    on: str
    when: dict[str, Any]
    wait_seconds: int | None
    unless: str | None
    actions: list[str]
    updated_at: dt.datetime


class FlowRunView(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    flow: str
    action: str
    event_id: uuid.UUID
    event_type: str
    party: str | None
    status: str
    due_at: dt.datetime
    attempts: int
    detail: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


class EventFeedPage(msgspec.Struct, frozen=True, kw_only=True):
    """`{"items": [ENVELOPE], "next_after"}` (PRODUCT §12)."""

    items: list[Envelope]
    next_after: str | None


class SentSmsView(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    to: str
    sender: str
    text: str
    key: str
    sent_at: dt.datetime


class FlowReader(Protocol):
    async def flows(self) -> list[FlowView]: ...

    async def runs(self, *, flow: str | None, status: str | None, limit: int) -> list[FlowRunView]:
        """Newest first."""
        ...


class EventFeedReader(Protocol):
    """Pages of the event log in commit order.

    - `after` is the cursor a previous page returned (None: from the start); a malformed cursor raises ValueError.
    - An event is returned only once every event that could commit before it has committed, so a reader that
      follows `next_after` never skips one that commits late.
    """

    async def page(self, after: str | None, limit: int) -> EventFeedPage: ...


class SentSmsReader(Protocol):
    async def sent(self, limit: int) -> list[SentSmsView]:
        """Newest first."""
        ...
