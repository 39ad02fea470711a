"""Seedwork: the base of every domain event and the reference to a document that events carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRef:
    """Which document an event is about (PRODUCT §8 envelope `document`)."""

    id: UUID
    type: str
    number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    """A fact that happened, past tense; ids and facts only.

    - `event_type` is the stable wire name of the portal event it becomes (PRODUCT §8), or "" when the event is
      internal and never leaves the process.
    - `party` is the customer number the event is seen through; `document` the document it concerns.
    - `occurred_at` may be left out; the unit of work stamps events with its clock.
    - `data()` gives the envelope's `data` object: primitives only.
    """

    event_type: str = ""
    schema_version: int = 1
    occurred_at: datetime | None = None
    party: str | None = None
    document: DocumentRef | None = None

    def data(self) -> dict[str, object]:
        return {}
