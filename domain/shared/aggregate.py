"""Seedwork: the aggregate root records domain events; nothing else."""

from __future__ import annotations

from domain.shared.events import DomainEvent


class AggregateRoot:
    """Base of every aggregate.

    - Aggregate methods record facts with `_record`; the unit of work collects them after commit.
    - `pull_events` hands the recorded events over once and forgets them.
    """

    _events: list[DomainEvent]

    def _record(self, event: DomainEvent) -> None:
        if "_events" not in self.__dict__:
            self._events = []
        self._events.append(event)

    def pull_events(self) -> list[DomainEvent]:
        events = self.__dict__.get("_events", [])
        self._events = []
        return list(events)
