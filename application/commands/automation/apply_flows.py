"""ApplyFlows: make the stored flows equal to a flow file, by name (PRODUCT §8 `portal flows apply FILE`)."""

from __future__ import annotations

import msgspec

from application.commands.automation.flow_file import parse_flow_file
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.automation.flow import Flow


class ApplyFlows(msgspec.Struct, frozen=True, kw_only=True):
    source: str  # the TOML text of the flow file


class AppliedFlows(msgspec.Struct, frozen=True, kw_only=True):
    created: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]


class ApplyFlowsHandler:
    """- An invalid file is rejected whole (`InvalidFlow` naming each problem's line and field); nothing changes.
    - Flows named in the file are created or replaced; stored flows it does not name are removed. One commit.
    - Runs already scheduled keep the action they were scheduled with.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: ApplyFlows) -> AppliedFlows:
        specs = parse_flow_file(cmd.source)
        now = self._clock.now()
        created: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        async with self.uow:
            stored = {flow.name: flow for flow in await self.uow.flows.all()}
            for spec in specs:
                current = stored.pop(spec.name, None)
                if current is None:
                    self.uow.flows.add(Flow(spec=spec, now=now))
                    created.append(spec.name)
                elif current.replace(spec, now=now):
                    updated.append(spec.name)
                else:
                    unchanged.append(spec.name)
            for flow in stored.values():
                await self.uow.flows.remove(flow)
            await self.uow.commit()
        return AppliedFlows(created=created, updated=updated, removed=sorted(stored), unchanged=unchanged)
