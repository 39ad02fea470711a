"""The outbox port: durable requests for slow or outbound work, written in the command's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.shared.events import DomainEvent


class Outbox(Protocol):
    """- `enqueue` asks for a job by its actor's stable wire name; payloads are ids and primitives only.
    - `publish` stores a portal event (PRODUCT §8 envelope); the relay hands it to the event actor.
    - Nothing leaves before the transaction commits; a rollback drops it all.
    """

    def enqueue(self, actor: str, payload: dict[str, object], *, not_before: datetime | None = None) -> None:
        """`not_before`: the relay hands the job over no earlier (a durable delay)."""
        ...

    def publish(self, event: DomainEvent) -> None: ...
