"""The EventLog port: the stored envelopes of portal events."""

from __future__ import annotations

import uuid
from typing import Protocol

from application.events.envelope import Envelope


class EventLog(Protocol):
    async def get(self, event_id: uuid.UUID) -> Envelope | None: ...
