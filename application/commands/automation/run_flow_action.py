"""RunFlowAction: take one flow run's action, once in effect (PRODUCT §8)."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from application.commands.automation.flow_action_effects import PERMANENT, TRANSIENT, ActionEffects
from application.commands.automation.flow_action_payload import ActionImpossible, PayloadComposer
from application.commands.automation.flow_templates import TemplateFailed
from application.ports.clock import Clock
from application.ports.event_log import EventLog
from application.ports.unit_of_work import UnitOfWork
from domain.automation.run import SENDING


class RunFlowAction(msgspec.Struct, frozen=True, kw_only=True):
    run_id: uuid.UUID
    attempt: int = 1
    final: bool = False  # the last delivery dramatiq will make: a transient failure now fails the run


class RunFlowActionHandler:
    """Runs in two steps, each its own unit of work; a finished run is left alone (so redeliveries do nothing).

    1. Prepare: when `unless` names an event that arrived for the same document within the wait, the run is
       cancelled. Otherwise the action is rendered once (a fresh link stored with it) and the run moves to
       `sending`, so every later attempt sends exactly the same message.
    2. Send, with the run locked: the effect, then `done` in the same transaction as the lock. A worker killed
       between the two leaves the run `sending` and the job unacknowledged: the next delivery sends again with
       the same idempotency key (at least once; the key lets the receiver take it once).
    - Transient failures raise, so dramatiq retries with backoff; on the `final` attempt the run is marked failed.
      Permanent ones (no phone, a refused number, a broken template) fail the run at once.
    - This job does not use the inbox: its first commit (step 1) must not mark the message handled.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, events: EventLog, composer: PayloadComposer, effects: ActionEffects
    ) -> None:
        self.uow = uow
        self._clock = clock
        self._events = events
        self._composer = composer
        self._effects = effects

    async def __call__(self, cmd: RunFlowAction) -> str | None:
        prepared = await self._prepare(cmd)
        if prepared is None:
            return None
        payload, event_type = prepared
        async with self.uow:
            run = await self.uow.flow_runs.get(cmd.run_id)
            if run is None or run.finished:
                return None
            try:
                note = await self._effects.take(run, payload, event_type=event_type)
            except TRANSIENT as exc:
                if not cmd.final:
                    raise
                run.fail(now=self._clock.now(), attempts=cmd.attempt, reason=f"gave up: {exc}")
            except PERMANENT as exc:
                run.fail(now=self._clock.now(), attempts=cmd.attempt, reason=str(exc))
            else:
                run.complete(now=self._clock.now(), attempts=cmd.attempt, detail=note)
            await self.uow.commit()
            return run.status

    async def _prepare(self, cmd: RunFlowAction) -> tuple[dict[str, Any], str] | None:
        async with self.uow:
            run = await self.uow.flow_runs.get(cmd.run_id)
            if run is None or run.finished:
                return None
            envelope = await self._events.get(run.event_id)
            now = self._clock.now()
            if envelope is None:
                run.fail(now=now, attempts=cmd.attempt, reason="the event is no longer in the log")
            elif run.status == SENDING:
                return run.payload or {}, envelope.type
            elif run.unless and run.document_id and await self._unless_arrived(run.unless, run):
                run.cancel(now=now, reason=f"{run.unless} arrived within the wait")
            else:
                try:
                    run.prepare(await self._composer.compose(run, envelope, self.uow, now))
                except (ActionImpossible, TemplateFailed) as exc:
                    run.fail(now=now, attempts=cmd.attempt, reason=str(exc))
            await self.uow.commit()
            return (run.payload or {}, envelope.type) if run.status == SENDING and envelope else None

    async def _unless_arrived(self, unless: str, run: Any) -> bool:
        return await self._events.exists(unless, run.document_id, after=run.occurred_at, until=run.due_at)
