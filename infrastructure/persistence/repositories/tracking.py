"""Base of the SQLAlchemy repositories: remembers every aggregate it handed out, so the UoW can collect events."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared.aggregate import AggregateRoot

A = TypeVar("A", bound=AggregateRoot)


class TrackingRepository:
    """Tracks the aggregates it added or loaded in `seen`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[AggregateRoot] = []

    def _track(self, aggregate: A | None) -> A | None:
        if aggregate is not None and all(aggregate is not s for s in self.seen):
            self.seen.append(aggregate)
        return aggregate

    def _add(self, aggregate: AggregateRoot) -> None:
        self._session.add(aggregate)
        self._track(aggregate)
