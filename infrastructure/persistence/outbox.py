"""The SQLAlchemy outbox: job requests and portal events become rows in the command's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Insert, bindparam, insert
from sqlalchemy.ext.asyncio import AsyncSession

from application.events.envelope import envelope_of
from application.jobs import PORTAL_EVENT
from application.ports.clock import Clock
from domain.shared.events import DomainEvent
from infrastructure.jobs.message_ids import new_message_id
from infrastructure.persistence.tables.outbox import events, outbox

_EVENT_COLUMNS = ("id", "type", "occurred_at", "document_id", "envelope")
_OUTBOX_COLUMNS = ("message_id", "actor", "payload", "created_at", "not_before")


def _one_event_statement() -> Insert:
    """One event and its outbox row in one statement (a data-modifying CTE), built once: on PostgreSQL a command that
    only records an event (a document viewed, a PDF downloaded) writes in one round trip (PRODUCT §11).
    """
    event = insert(events).values({c: bindparam(f"e_{c}", type_=events.c[c].type) for c in _EVENT_COLUMNS})
    row = insert(outbox).values({c: bindparam(f"o_{c}", type_=outbox.c[c].type) for c in _OUTBOX_COLUMNS})
    return row.add_cte(event.cte("event"))


ONE_EVENT = _one_event_statement()


class SqlAlchemyOutbox:
    """Buffers rows until `flush`, which the unit of work calls just before it commits."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._jobs: list[tuple[str, dict[str, Any], datetime | None]] = []
        self._events: list[DomainEvent] = []

    def enqueue(self, actor: str, payload: dict[str, object], *, not_before: datetime | None = None) -> None:
        self._jobs.append((actor, dict(payload), not_before))

    def publish(self, event: DomainEvent) -> None:
        self._events.append(event)

    def one_statement(self, dialect: str) -> bool:
        """Whether `flush` writes in one statement: one event and nothing else, on PostgreSQL (SQLite has no
        data-modifying CTEs).
        """
        return dialect == "postgresql" and len(self._events) == 1 and not self._jobs

    async def flush(self, session: AsyncSession) -> None:
        now = self._clock.now()
        rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        for event in self._events:
            envelope = envelope_of(event, new_message_id(), default_time=now)
            event_rows.append(
                {
                    "id": envelope.id,
                    "type": envelope.type,
                    "occurred_at": envelope.occurred_at,
                    "document_id": envelope.document.id if envelope.document else None,
                    "envelope": envelope.to_builtins(),
                }
            )
            rows.append(_row(PORTAL_EVENT, {"event_id": str(envelope.id)}, envelope.id, now))
        rows += [
            {**_row(actor, payload, new_message_id(), now), "not_before": not_before}
            for actor, payload, not_before in self._jobs
        ]
        if self.one_statement(session.get_bind().dialect.name):
            only = {f"e_{c}": event_rows[0][c] for c in _EVENT_COLUMNS}
            await session.execute(ONE_EVENT, only | {f"o_{c}": rows[0][c] for c in _OUTBOX_COLUMNS})
        else:
            if event_rows:
                await session.execute(insert(events), event_rows)
            if rows:
                await session.execute(insert(outbox), rows)
        self._jobs.clear()
        self._events.clear()


def _row(actor: str, payload: dict[str, Any], message_id: Any, now: datetime) -> dict[str, Any]:
    return {"message_id": message_id, "actor": actor, "payload": payload, "created_at": now, "not_before": None}
