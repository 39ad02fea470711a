"""The FlowRun aggregate: one action of one flow for one event, recorded from scheduling to its outcome."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.automation.errors import InvalidRunTransition
from domain.automation.flow import FlowAction, FlowSpec
from domain.shared.aggregate import AggregateRoot

SCHEDULED = "scheduled"
SENDING = "sending"
DONE = "done"
CANCELLED = "cancelled"
FAILED = "failed"
FINISHED = (DONE, CANCELLED, FAILED)
STATUSES = (SCHEDULED, SENDING, *FINISHED)

#: Run ids are derived from the idempotency key, so the same flow × event × action always names the same run.
_RUN_NAMESPACE = uuid.UUID("6f0b7a52-3d2c-4d89-9a51-0c8e2f4b1a77")


def idempotency_key(flow: str, event_id: uuid.UUID, action_index: int) -> str:
    """`<flow>:<event id>` — with `#<n>` for every action after the first — names one effect (PRODUCT §8)."""
    base = f"{flow}:{event_id}"
    return base if action_index == 0 else f"{base}#{action_index}"


def run_id_for(flow: str, event_id: uuid.UUID, action_index: int) -> uuid.UUID:
    return uuid.uuid5(_RUN_NAMESPACE, idempotency_key(flow, event_id, action_index))


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggeringEvent:
    """The facts of the event that started a run, as the run needs them."""

    id: uuid.UUID
    type: str
    occurred_at: datetime
    party: str | None
    document_id: uuid.UUID | None


class FlowRun(AggregateRoot):
    """A run of one flow action for one event; its id is derived from the idempotency key flow × event.

    - scheduled → sending (the rendered message is stored first, so every retry sends the very same thing)
      → done | failed; scheduled → cancelled (an `unless` event arrived within the wait) | failed.
    - A finished run never changes again: a redelivered job finds it finished and does nothing.
    - The action is a snapshot of the flow at the time of the event; a later `flows apply` does not change it.
    """

    def __init__(self, *, flow: FlowSpec, action_index: int, event: TriggeringEvent, now: datetime) -> None:
        self.id = run_id_for(flow.name, event.id, action_index)
        self._flow_name = flow.name
        self._action_index = action_index
        self._action = flow.actions[action_index]
        self._event_id = event.id
        self._event_type = event.type
        self._party = event.party
        self._document_id = event.document_id
        self._occurred_at = event.occurred_at
        self._due_at = event.occurred_at + (flow.wait or timedelta(0))
        self._unless = flow.unless
        self._status = SCHEDULED
        self._payload: dict[str, Any] | None = None
        self._detail: str | None = None
        self._attempts = 0
        self._created_at = now
        self._finished_at: datetime | None = None

    @classmethod
    def schedule(cls, *, flow: FlowSpec, event: TriggeringEvent, now: datetime) -> list[FlowRun]:
        """One run per action of the flow."""
        return [cls(flow=flow, action_index=i, event=event, now=now) for i in range(len(flow.actions))]

    # -- state -----------------------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return idempotency_key(self._flow_name, self._event_id, self._action_index)

    @property
    def flow_name(self) -> str:
        return self._flow_name

    @property
    def action(self) -> FlowAction:
        return self._action

    @property
    def event_id(self) -> uuid.UUID:
        return self._event_id

    @property
    def occurred_at(self) -> datetime:
        return self._occurred_at

    @property
    def due_at(self) -> datetime:
        return self._due_at

    @property
    def unless(self) -> str | None:
        return self._unless

    @property
    def document_id(self) -> uuid.UUID | None:
        return self._document_id

    @property
    def party(self) -> str | None:
        return self._party

    @property
    def status(self) -> str:
        return self._status

    @property
    def payload(self) -> dict[str, Any] | None:
        """What the action sends, rendered once (`sending` and later)."""
        return dict(self._payload) if self._payload is not None else None

    @property
    def finished(self) -> bool:
        return self._status in FINISHED

    # -- transitions -----------------------------------------------------------------------------------------
    def prepare(self, payload: dict[str, Any]) -> None:
        self._require(SCHEDULED, "prepare")
        self._payload = dict(payload)
        self._status = SENDING

    def complete(self, *, now: datetime, attempts: int, detail: str | None = None) -> None:
        self._require(SENDING, "complete")
        self._finish(DONE, now=now, attempts=attempts, detail=detail)

    def cancel(self, *, now: datetime, reason: str) -> None:
        self._require(SCHEDULED, "cancel")
        self._finish(CANCELLED, now=now, attempts=self._attempts, detail=reason)

    def fail(self, *, now: datetime, attempts: int, reason: str) -> None:
        if self.finished:
            raise InvalidRunTransition(f"run {self.id} is already {self._status}")
        self._finish(FAILED, now=now, attempts=attempts, detail=reason)

    def _finish(self, status: str, *, now: datetime, attempts: int, detail: str | None) -> None:
        self._status = status
        self._attempts = attempts
        self._detail = detail[:500] if detail else None
        self._finished_at = now

    def _require(self, status: str, what: str) -> None:
        if self._status != status:
            raise InvalidRunTransition(f"cannot {what} run {self.id}: it is {self._status}")
