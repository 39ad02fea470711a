"""The EventLog port: the stored envelopes of portal events."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

from application.events.envelope import Envelope


class EventLog(Protocol):
    async def get(self, event_id: uuid.UUID) -> Envelope | None: ...

    async def exists(self, type_: str, document_id: uuid.UUID, *, after: dt.datetime, until: dt.datetime) -> bool:
        """Whether a committed event of `type_` about the document occurred in (`after`, `until`]."""
        ...
