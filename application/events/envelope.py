"""The portal event envelope of PRODUCT §8, as read by external systems."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.shared.events import DomainEvent


class DocumentRefView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    type: str
    number: str


class Envelope(msgspec.Struct, frozen=True, kw_only=True):
    """`{"id": UUIDv7, "type", "schema_version", "occurred_at", "party", "document", "data"}`."""

    id: UUID
    type: str
    schema_version: int
    occurred_at: datetime
    party: str | None
    document: DocumentRefView | None
    data: dict[str, Any]

    def to_builtins(self) -> dict[str, Any]:
        result: dict[str, Any] = msgspec.to_builtins(self)
        return result


def envelope_of(event: DomainEvent, event_id: UUID, *, default_time: datetime) -> Envelope:
    """The envelope of a domain event that has an `event_type`; `event_id` must be a UUIDv7."""
    if not event.event_type:
        raise ValueError(f"{type(event).__name__} is internal and has no envelope")
    doc = event.document
    return Envelope(
        id=event_id,
        type=event.event_type,
        schema_version=event.schema_version,
        occurred_at=event.occurred_at or default_time,
        party=event.party,
        document=DocumentRefView(id=doc.id, type=doc.type, number=doc.number) if doc is not None else None,
        data=event.data(),
    )
