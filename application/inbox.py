"""The message a worker is handling, so its first committed unit of work records it (exactly once in effect).

The worker sets `handling(message_id, actor)` around a message; the unit of work that commits first inside it
writes the id to the inbox in the same transaction as its change and clears it. A message delivered twice finds its
id recorded and does nothing (ADR-0007).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

import msgspec


class InboxEntry(msgspec.Struct, kw_only=True):
    message_id: UUID
    actor: str
    recorded: bool = False


_current: ContextVar[InboxEntry | None] = ContextVar("portal_inbox_entry", default=None)


@contextmanager
def handling(message_id: UUID, actor: str) -> Iterator[InboxEntry]:
    entry = InboxEntry(message_id=message_id, actor=actor)
    token = _current.set(entry)
    try:
        yield entry
    finally:
        _current.reset(token)


def pending_entry() -> InboxEntry | None:
    """The entry still to record, if a message is being handled and no unit of work has recorded it yet."""
    entry = _current.get()
    return entry if entry is not None and not entry.recorded else None
