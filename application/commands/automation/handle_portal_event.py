"""HandlePortalEvent: the worker's durable reaction to one committed portal event (PRODUCT §8)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence

import msgspec

from application.events.envelope import Envelope
from application.ports.event_log import EventLog
from application.ports.unit_of_work import UnitOfWork

#: A reaction: given the envelope, it writes follow-up jobs to the outbox of the same unit of work.
Reaction = Callable[[Envelope, UnitOfWork], None]
#: A trigger: like a reaction, but it may read through the unit of work first (the stored flows, PRODUCT §8).
Trigger = Callable[[Envelope, UnitOfWork], Awaitable[None]]


class HandlePortalEvent(msgspec.Struct, frozen=True, kw_only=True):
    event_id: uuid.UUID


class HandlePortalEventHandler:
    """Runs the reactions registered for the event's type, in one unit of work.

    - An unknown event id is ignored (the event log is the source of truth; purged events have nothing to do).
    - Reactions only write to the outbox, so the whole reaction commits once, together with the inbox record.
    - Then the triggers run for every event (flows: one run per matching flow × action, in the same commit).
    """

    def __init__(
        self,
        uow: UnitOfWork,
        events: EventLog,
        reactions: Mapping[str, Sequence[Reaction]],
        triggers: Sequence[Trigger] = (),
    ) -> None:
        self.uow = uow
        self._events = events
        self._reactions = reactions
        self._triggers = triggers

    async def __call__(self, cmd: HandlePortalEvent) -> None:
        envelope = await self._events.get(cmd.event_id)
        async with self.uow:
            if envelope is not None:
                for reaction in (*self._reactions.get(envelope.type, ()), *self._reactions.get("*", ())):
                    reaction(envelope, self.uow)
                for trigger in self._triggers:
                    await trigger(envelope, self.uow)
            await self.uow.commit()
