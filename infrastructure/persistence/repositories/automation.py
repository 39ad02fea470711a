"""SQLAlchemy repositories of the automation context: flows, flow runs, the overdue ledger, the daily schedule."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

import msgspec
from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from application.ports.automation import OverdueInvoice
from domain.automation.flow import Flow
from domain.automation.run import FlowRun
from infrastructure.persistence.readers.rows import as_dict
from infrastructure.persistence.repositories.tracking import TrackingRepository
from infrastructure.persistence.tables.automation import daily_jobs, flow_runs, flows, overdue_invoices
from infrastructure.persistence.tables.documents import documents

d = documents.c


class SqlAlchemyFlowRepository(TrackingRepository):
    def add(self, flow: Flow) -> None:
        self._add(flow)

    async def all(self) -> list[Flow]:
        found = (await self._session.scalars(select(Flow).order_by(flows.c.name))).all()
        return [flow for flow in found if self._track(flow) is not None]

    async def remove(self, flow: Flow) -> None:
        await self._session.delete(flow)


class SqlAlchemyFlowRunRepository(TrackingRepository):
    """Runs are loaded `FOR UPDATE`: two deliveries of one job act one after another, never side by side."""

    def add(self, run: FlowRun) -> None:
        self._add(run)

    async def get(self, run_id: uuid.UUID) -> FlowRun | None:
        query = (
            select(FlowRun).where(flow_runs.c.id == run_id).with_for_update().execution_options(populate_existing=True)
        )
        return self._track((await self._session.scalars(query)).one_or_none())

    async def known(self, run_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        wanted = list(run_ids)
        if not wanted:
            return set()
        return set((await self._session.scalars(select(flow_runs.c.id).where(flow_runs.c.id.in_(wanted)))).all())


class SqlAlchemyOverdueLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def unreported(self, today: dt.date, limit: int) -> list[OverdueInvoice]:
        query = (
            select(d.id.label("document_id"), d.number, d.customer_no, d.due_date, d.outstanding, d.currency)
            .outerjoin(overdue_invoices, overdue_invoices.c.document_id == d.id)
            .where(
                d.type == "invoice",
                d.withdrawn_at.is_(None),
                d.due_date < today,
                d.outstanding > 0,
                overdue_invoices.c.document_id.is_(None),
            )
            .order_by(d.due_date, d.id)
            .limit(limit)
        )
        rows = (await self._session.execute(query)).all()
        return [msgspec.convert(as_dict(row), OverdueInvoice) for row in rows]

    async def report(self, document_id: uuid.UUID, now: dt.datetime) -> None:
        await self._session.execute(insert(overdue_invoices).values(document_id=document_id, reported_at=now))


class SqlAlchemyDailySchedule:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def schedule(self, day: dt.date, at: dt.datetime) -> bool:
        dialect = self._session.bind.dialect.name if self._session.bind is not None else ""
        insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert_(daily_jobs).values(day=day, run_at=at).on_conflict_do_nothing(index_elements=["day"])
        return bool((await self._session.execute(statement)).rowcount)  # type: ignore[attr-defined]

    async def start(self, day: dt.date, now: dt.datetime) -> bool:
        statement = (
            update(daily_jobs).where(daily_jobs.c.day == day, daily_jobs.c.started_at.is_(None)).values(started_at=now)
        )
        return bool((await self._session.execute(statement)).rowcount)  # type: ignore[attr-defined]
