"""Paying an invoice with MobilePay end to end over real HTTP, on PostgreSQL (PRODUCT §6)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import events
from tests.integration.payments.payment_rig import MAIL, Rig, running_portal

pytestmark = pytest.mark.integration


@pytest.fixture
async def rig(pg_container: Container, pg_database: str, tmp_path: Path) -> Rig:
    async with running_portal(pg_container, tmp_path, pg_database) as running:
        yield running  # type: ignore[misc]


async def _sse_statuses(client: httpx.AsyncClient, payment_id: str, seen: list[str]) -> None:
    async with client.stream("GET", f"/api/v1/payments/{payment_id}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        async for line in stream.aiter_lines():
            if line.startswith("data:"):
                seen.append(json.loads(line[5:])["status"])  # noqa: PERF401 - read while the stream is open


async def test_pay_an_invoice_and_watch_it_complete_live(rig: Rig) -> None:
    invoice = await rig.invoice()
    outstanding = invoice["outstanding"]
    started = await rig.client.post(
        f"/api/v1/documents/{rig.invoice_id}/payments", json={"amount": outstanding, "phone": "20 12 34 56"}
    )
    assert started.status_code == 201, started.text
    payment_id = started.json()["id"]
    assert started.json()["status"] == "pending"
    seen: list[str] = []
    watcher = asyncio.create_task(_sse_statuses(rig.client, payment_id, seen))
    await rig.until(lambda: seen == ["pending"])
    rig.simulator.approve(rig.sim_payment(payment_id))
    await asyncio.wait_for(watcher, timeout=30)
    assert seen == ["pending", "complete"]
    paid = await rig.invoice()
    assert (paid["status"], paid["outstanding"], paid["paid"]) == ("paid", 0, outstanding)
    await rig.until(lambda: any("Kvittering" in m.subject for m in rig.mailbox.messages_to(MAIL)))
    async with rig.container.session_factory()() as session:
        completed = await session.scalar(
            select(func.count()).select_from(events).where(events.c.type == "payment.completed")
        )
    assert completed == 1


async def test_bad_amounts_phones_and_a_second_payment_are_refused(rig: Rig) -> None:
    url = f"/api/v1/documents/{rig.invoice_id}/payments"
    outstanding = (await rig.invoice())["outstanding"]
    for body, pointer in (
        ({"amount": 0, "phone": "20123456"}, "/amount"),
        ({"amount": outstanding + 1, "phone": "20123456"}, "/amount"),
        ({"amount": 100, "phone": "12"}, "/phone"),
        ({"amount": 100, "phone": "+46701234567"}, "/phone"),
    ):
        refused = await rig.client.post(url, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["errors"][0]["pointer"] == pointer
    first, second = await asyncio.gather(
        rig.client.post(url, json={"amount": 100, "phone": "20123456"}),
        rig.client.post(url, json={"amount": 200, "phone": "20123456"}),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    winner = first if first.status_code == 201 else second
    loser = second if winner is first else first
    assert loser.json()["payment_id"] == winner.json()["id"]


async def test_a_rejected_request_fails_the_payment_and_a_new_one_can_start(rig: Rig) -> None:
    url = f"/api/v1/documents/{rig.invoice_id}/payments"
    started = (await rig.client.post(url, json={"amount": 500, "phone": "20123456"})).json()
    rig.simulator.reject(rig.sim_payment(started["id"]))
    await rig.until(lambda: _status_is(rig, started["id"], "failed"))
    assert (await rig.payment(started["id"]))["reason"] == "aborted"
    again = await rig.client.post(url, json={"amount": 500, "phone": "20123456"})
    assert again.status_code == 201


async def _status_is(rig: Rig, payment_id: str, status: str) -> bool:
    return (await rig.payment(payment_id))["status"] == status
