"""The automation stores (FlowRepository, FlowRunRepository, OverdueLedger, DailySchedule, FlowReader; PRODUCT
§8), one contract run on the fake, on SQLite and on PostgreSQL: flows by name, runs found and known by id, each
overdue invoice reported once, each day's job scheduled once and run once, flows and runs as the reader lists them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from domain.automation.flow import Flow, FlowAction, FlowSpec
from domain.automation.run import FlowRun, TriggeringEvent
from infrastructure.container import Container
from tests.builders import document, line, upsert_customer, upsert_document

pytestmark = pytest.mark.contract
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
LOG = FlowAction(type="log", text="x")
HOUR = dt.timedelta(hours=1)


def _flow(name: str, on: str = "payment.page_opened") -> Flow:
    return Flow(spec=FlowSpec(name=name, on=on, actions=(LOG,)), now=T0)


async def test_flows_come_back_by_name_and_a_removed_one_is_gone_after_commit(store: Container) -> None:
    uow = store.uow()
    async with uow:
        for name in ("reminder", "audit", "thanks"):
            uow.flows.add(_flow(name))
        await uow.commit()
    async with uow:
        flows = await uow.flows.all()
        assert [f.name for f in flows] == ["audit", "reminder", "thanks"]
        assert flows[1].spec == FlowSpec(name="reminder", on="payment.page_opened", actions=(LOG,))
        assert flows[0].replace(FlowSpec(name="audit", on="*", actions=(LOG,)), now=T0)
        await uow.flows.remove(flows[2])
        await uow.commit()
    async with uow:
        flows = await uow.flows.all()
        assert [(f.name, f.spec.on) for f in flows] == [("audit", "*"), ("reminder", "payment.page_opened")]
        await uow.flows.remove(flows[0])  # not committed: it stays
    async with uow:
        assert [f.name for f in await uow.flows.all()] == ["audit", "reminder"]


async def test_flow_runs_are_found_and_known_by_id(store: Container) -> None:
    spec = FlowSpec(name="reminder", on="payment.page_opened", actions=(LOG, LOG))
    event = TriggeringEvent(
        id=uuid.uuid4(), type="payment.page_opened", occurred_at=T0, party="C-1001", document_id=uuid.uuid4()
    )
    runs = FlowRun.schedule(flow=spec, event=event, now=T0)
    uow = store.uow()
    async with uow:
        uow.flow_runs.add(runs[0])
        await uow.commit()
    async with uow:
        stranger = uuid.uuid4()
        assert await uow.flow_runs.known([runs[0].id, runs[1].id, stranger]) == {runs[0].id}
        assert await uow.flow_runs.known([]) == set()
        loaded = await uow.flow_runs.get(runs[0].id)
        assert loaded is not None
        assert (loaded.flow_name, loaded.event_id, loaded.party, loaded.status) == (
            "reminder",
            event.id,
            "C-1001",
            runs[0].status,
        )
        loaded.cancel(now=T0, reason="the unless event came")
        uow.flow_runs.add(runs[1])
        await uow.commit()
    async with uow:
        done = await uow.flow_runs.get(runs[0].id)
        assert done is not None and done.finished
        assert await uow.flow_runs.known([runs[1].id]) == {runs[1].id}
        assert await uow.flow_runs.get(uuid.uuid4()) is None


async def test_each_overdue_invoice_is_reported_once(store: Container) -> None:
    bus = store.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    issued = dt.date(2026, 10, 1)  # due 14 days later
    ids = {}
    for number, paid in (("INV-1", 0), ("INV-2", 0), ("INV-3", 125_00), ("INV-4", 0)):
        record = document("invoice", number, issue_date=issued, lines=[line()], paid=paid)
        ids[number] = (await bus.handle(upsert_document(record))).id
        issued += dt.timedelta(days=1)
    await bus.handle(upsert_document(document("invoice", "INV-5", issue_date=dt.date(2026, 11, 19))))  # not yet due
    await bus.handle(WithdrawDocument(type="invoice", number="INV-4"))
    today = dt.date(2026, 11, 20)
    uow = store.uow()
    async with uow:
        found = await uow.overdue.unreported(today, limit=10)
        assert [(o.number, o.outstanding, o.currency, o.customer_no) for o in found] == [
            ("INV-1", 125_00, "DKK", "C-1001"),
            ("INV-2", 125_00, "DKK", "C-1001"),
        ]
        assert found[0].due_date == dt.date(2026, 10, 15) and found[0].document_id == ids["INV-1"]
        assert [o.number for o in await uow.overdue.unreported(today, limit=1)] == ["INV-1"]
        await uow.overdue.report(ids["INV-1"], T0)
        await uow.commit()
    async with uow:
        assert [o.number for o in await uow.overdue.unreported(today, limit=10)] == ["INV-2"]
        await uow.overdue.report(ids["INV-2"], T0)  # not committed: still unreported
    async with uow:
        assert [o.number for o in await uow.overdue.unreported(today, limit=10)] == ["INV-2"]


async def test_a_day_is_scheduled_once_and_started_once(store: Container) -> None:
    day = dt.date(2026, 11, 21)
    at = dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.UTC)
    uow = store.uow()
    async with uow:
        assert await uow.daily_jobs.schedule(day, at)
        await uow.commit()
    async with uow:
        assert not await uow.daily_jobs.schedule(day, at)
        assert not await uow.daily_jobs.start(dt.date(2026, 11, 22), at), "a day never scheduled does not start"
        assert await uow.daily_jobs.start(day, at)
    async with uow:  # that start was not committed
        assert await uow.daily_jobs.start(day, at)
        await uow.commit()
    async with uow:
        assert not await uow.daily_jobs.start(day, at)


async def test_the_flow_reader_lists_flows_by_name_and_runs_newest_first(store: Container) -> None:
    spec = FlowSpec(name="reminder", on="payment.page_opened", when={"party": "C-1001"}, actions=(LOG,))
    event = TriggeringEvent(
        id=uuid.uuid4(), type="payment.page_opened", occurred_at=T0, party="C-1001", document_id=uuid.uuid4()
    )
    (older,) = FlowRun.schedule(flow=spec, event=event, now=T0)
    later = TriggeringEvent(id=uuid.uuid4(), type="document.published", occurred_at=T0, party=None, document_id=None)
    (newer,) = FlowRun.schedule(flow=FlowSpec(name="audit", on="*", actions=(LOG,)), event=later, now=T0 + HOUR)
    newer.cancel(now=T0 + 2 * HOUR, reason="the unless event came")
    uow = store.uow()
    async with uow:
        uow.flows.add(Flow(spec=spec, now=T0))
        uow.flows.add(_flow("audit", on="*"))
        uow.flow_runs.add(older)
        uow.flow_runs.add(newer)
        await uow.commit()
    reader = store.automation.flow_reader()
    flows = await reader.flows()
    assert [(f.name, f.on, f.when, f.actions, f.wait_seconds, f.updated_at) for f in flows] == [
        ("audit", "*", {}, ["log"], None, T0),
        ("reminder", "payment.page_opened", {"party": "C-1001"}, ["log"], None, T0),
    ]
    runs = await reader.runs(flow=None, status=None, limit=10)
    assert [(r.id, r.flow, r.status, r.event_type, r.party) for r in runs] == [
        (newer.id, "audit", "cancelled", "document.published", None),
        (older.id, "reminder", "scheduled", "payment.page_opened", "C-1001"),
    ]
    assert (runs[0].detail, runs[0].finished_at, runs[1].due_at, runs[1].created_at) == (
        "the unless event came",
        T0 + 2 * HOUR,
        T0,
        T0,
    )
    assert [r.id for r in await reader.runs(flow="reminder", status=None, limit=10)] == [older.id]
    assert [r.id for r in await reader.runs(flow=None, status="cancelled", limit=10)] == [newer.id]
    assert [r.id for r in await reader.runs(flow=None, status=None, limit=1)] == [newer.id]
