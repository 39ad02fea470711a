"""When a portal event is committed: schedule one run per matching stored flow × action (PRODUCT §8)."""

from __future__ import annotations

from application import jobs
from application.events.envelope import Envelope
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.automation.run import FlowRun, TriggeringEvent


class FlowTrigger:
    """A trigger of `HandlePortalEvent`: matches the stored flows against the envelope.

    - Each matching flow gets one run per action, whose id is derived from flow × event × action, and one
      `flows.run_action` job; a run that exists already is left alone (the event was handled before).
    - The job is held by the relay until the run is due (`wait` after the event), a durable delay.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def __call__(self, envelope: Envelope, uow: UnitOfWork) -> None:
        flows = await uow.flows.all()
        if not flows:
            return
        fields = envelope.to_builtins()
        matching = [flow.spec for flow in flows if flow.matches(fields)]
        if not matching:
            return
        event = TriggeringEvent(
            id=envelope.id,
            type=envelope.type,
            occurred_at=envelope.occurred_at,
            party=envelope.party,
            document_id=envelope.document.id if envelope.document else None,
        )
        now = self._clock.now()
        runs = [run for spec in matching for run in FlowRun.schedule(flow=spec, event=event, now=now)]
        known = await uow.flow_runs.known(run.id for run in runs)
        for run in runs:
            if run.id in known:
                continue
            uow.flow_runs.add(run)
            delayed = run.due_at if run.due_at > run.occurred_at else None
            uow.outbox.enqueue(jobs.RUN_FLOW_ACTION, {"run_id": str(run.id)}, not_before=delayed)
