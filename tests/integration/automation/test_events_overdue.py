"""`invoice.overdue`: reported once per invoice by the daily job, which the worker schedules for 02:00 Copenhagen."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from application import jobs
from application.commands.automation.run_daily_jobs import RunDailyJobs
from application.commands.automation.schedule_daily_jobs import ScheduleDailyJobs
from application.commands.documents.withdraw_document import WithdrawDocument
from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import events, outbox
from tests.builders import document, upsert_customer, upsert_document
from tests.fakes import FakeClock

pytestmark = pytest.mark.integration


async def _overdue_events(container: Container) -> list[dict[str, object]]:
    async with container.session_factory()() as session:
        rows = (await session.scalars(select(events.c.envelope).where(events.c.type == "invoice.overdue"))).all()
    return list(rows)


async def _daily_rows(container: Container) -> list[tuple[str, dt.datetime]]:
    async with container.session_factory()() as session:
        query = select(outbox.c.payload, outbox.c.not_before).where(outbox.c.actor == jobs.DAILY_JOBS)
        rows = (await session.execute(query.order_by(outbox.c.seq))).all()
    return [(row.payload["day"], row.not_before) for row in rows]


async def test_each_overdue_invoice_is_reported_once(pg_container: Container) -> None:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    overdue = document("invoice", "INV-1", issue_date=dt.date(2026, 11, 2))  # due 16 Nov, today is 20 Nov
    await bus.handle(upsert_document(overdue))
    await bus.handle(upsert_document(document("invoice", "INV-PAID", issue_date=dt.date(2026, 11, 2), paid=12500)))
    await bus.handle(upsert_document(document("invoice", "INV-LATER", issue_date=dt.date(2026, 11, 15))))
    await bus.handle(upsert_document(document("invoice", "INV-GONE", issue_date=dt.date(2026, 11, 1))))
    await bus.handle(WithdrawDocument(type="invoice", number="INV-GONE"))
    await bus.handle(upsert_document(document("quote", "Q-1", issue_date=dt.date(2026, 10, 1))))

    first = await bus.handle(RunDailyJobs())
    second = await bus.handle(RunDailyJobs())

    assert (first.overdue, second.overdue) == (1, 0)
    (envelope,) = await _overdue_events(pg_container)
    assert envelope["party"] == "C-1001"
    assert envelope["document"]["type"] == "invoice"
    assert envelope["document"]["number"] == "INV-1"
    assert envelope["data"] == {"due_date": "2026-11-16", "outstanding": 12500, "currency": "DKK"}


async def test_the_worker_schedules_the_daily_run_at_2am_copenhagen_once(
    pg_container: Container, clock: FakeClock
) -> None:
    bus = pg_container.bus()
    assert await bus.handle(ScheduleDailyJobs()) == "2026-11-21"
    assert await bus.handle(ScheduleDailyJobs()) is None, "a second worker start schedules nothing more"
    assert await _daily_rows(pg_container) == [("2026-11-21", dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.UTC))]

    clock.set(dt.datetime(2026, 11, 21, 1, 0, 5, tzinfo=dt.UTC))
    await bus.handle(RunDailyJobs(day=dt.date(2026, 11, 21)))
    await bus.handle(RunDailyJobs(day=dt.date(2026, 11, 21)))  # delivered twice: schedules nothing more
    assert [day for day, _ in await _daily_rows(pg_container)] == ["2026-11-21", "2026-11-22"]


async def test_summer_time_moves_the_run_to_midnight_utc(pg_container: Container, clock: FakeClock) -> None:
    clock.set(dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC))
    assert await pg_container.bus().handle(ScheduleDailyJobs()) == "2027-06-02"
    assert await _daily_rows(pg_container) == [("2027-06-02", dt.datetime(2027, 6, 2, 0, 0, tzinfo=dt.UTC))]
