"""SQL reads of the automation context: stored flows and their runs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.automation.views import FlowRunView, FlowView
from infrastructure.persistence.tables.automation import flow_runs, flows

f = flows.c
r = flow_runs.c


class SqlAlchemyFlowReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def flows(self) -> list[FlowView]:
        async with self._sessions() as session:
            rows = (await session.execute(select(flows).order_by(f.name))).all()
        return [
            FlowView(
                name=row.name,
                on=row.on_type,
                when=dict(row.conditions),
                wait_seconds=row.wait_seconds,
                unless=row.unless,
                actions=[action.type for action in row.actions],
                updated_at=row.updated_at,
            )
            for row in rows
        ]

    async def runs(self, *, flow: str | None, status: str | None, limit: int) -> list[FlowRunView]:
        query = select(flow_runs)
        if flow is not None:
            query = query.where(r.flow_name == flow)
        if status is not None:
            query = query.where(r.status == status)
        async with self._sessions() as session:
            rows = (await session.execute(query.order_by(r.created_at.desc(), r.id).limit(limit))).all()
        return [
            FlowRunView(
                id=row.id,
                flow=row.flow_name,
                action=row.action.type,
                event_id=row.event_id,
                event_type=row.event_type,
                party=row.party,
                status=row.status,
                due_at=row.due_at,
                attempts=row.attempts,
                detail=row.detail,
                created_at=row.created_at,
                finished_at=row.finished_at,
            )
            for row in rows
        ]
