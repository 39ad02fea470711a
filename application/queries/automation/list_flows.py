"""ListFlows: the stored flows (`portal flows list`)."""

from __future__ import annotations

import msgspec

from application.queries.automation.views import FlowReader, FlowView


class ListFlows(msgspec.Struct, frozen=True, kw_only=True):
    pass


class ListFlowsHandler:
    def __init__(self, reader: FlowReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListFlows) -> list[FlowView]:
        return await self._reader.flows()
