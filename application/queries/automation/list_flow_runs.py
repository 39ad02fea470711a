"""ListFlowRuns: the recorded runs, newest first (`portal flows runs`)."""

from __future__ import annotations

import msgspec

from application.queries.automation.views import FlowReader, FlowRunView


class ListFlowRuns(msgspec.Struct, frozen=True, kw_only=True):
    flow: str | None = None
    status: str | None = None
    limit: int = 100


class ListFlowRunsHandler:
    def __init__(self, reader: FlowReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListFlowRuns) -> list[FlowRunView]:
        return await self._reader.runs(flow=query.flow, status=query.status, limit=max(1, min(query.limit, 10_000)))
