"""The message a worker is handling, so its first committed unit of work records it (exactly once in effect).

The worker calls `begin(message_id, actor)` before a message and `end()` after it; the unit of work that commits
first in between writes the id to the inbox in the same transaction as its change and marks it recorded. A message
delivered twice finds its id recorded and does nothing (ADR-0007).
"""

from __future__ import annotations

from contextvars import ContextVar
from uuid import UUID

import msgspec


class InboxEntry(msgspec.Struct, kw_only=True):
    message_id: UUID
    actor: str
    recorded: bool = False


_current: ContextVar[InboxEntry | None] = ContextVar("portal_inbox_entry", default=None)


def begin(message_id: UUID, actor: str) -> InboxEntry:
    """The message now being handled in this context (a worker thread; its coroutines inherit the context)."""
    entry = InboxEntry(message_id=message_id, actor=actor)
    _current.set(entry)
    return entry


def end() -> InboxEntry | None:
    """No message is being handled any more in this context; the entry it had, if any."""
    entry = _current.get()
    _current.set(None)
    return entry


def pending_entry() -> InboxEntry | None:
    """The entry still to record, if a message is being handled and no unit of work has recorded it yet."""
    entry = _current.get()
    return entry if entry is not None and not entry.recorded else None
