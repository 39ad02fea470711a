"""The idle-time write of a session, when a read said it is due (at most once a minute; PRODUCT §2, §11)."""

from __future__ import annotations

import contextlib

from application.commands.identity.touch_session import TouchSession
from application.messagebus import MessageBus
from domain.shared.errors import ConcurrencyConflict


async def touch_when_due(bus: MessageBus, session_id: str, *, needs_touch: bool) -> None:
    """Record the session's use when a read said it is due; a parallel request of the same person may touch it
    first, which is as good.
    """
    if needs_touch:
        with contextlib.suppress(ConcurrencyConflict):
            await bus.handle(TouchSession(session_id=session_id))
