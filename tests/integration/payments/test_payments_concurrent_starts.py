"""Many starts of one invoice's payment at once, over two servers on one PostgreSQL database (PRODUCT §6.2).

The race is made certain, not left to timing: the test holds the invoice's row, so every start reads "no unfinished
payment" and inserts its Payment; the first then waits in its foreign-key check on the invoice, the others on the
unique index of unfinished payments per invoice. Released, the database decides: exactly one start stands, every
other one loses at the unique index and must answer 409 naming the winner (the pages: the winner's page), never 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy import func, select

from infrastructure.container import Container, build_container, close_container, share_embedded
from infrastructure.persistence.tables.payments import payments
from interfaces.http.app import create_app
from tests.contract.mobilepay.live_server import LiveServer
from tests.integration.pages.pages_support import csrf_of
from tests.integration.payments.payment_rig import Rig, running_portal

pytestmark = pytest.mark.integration

STARTS = 20
_WAITING_STARTS = """
    SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO payments %'
"""


@pytest.fixture
async def rig(pg_container: Container, pg_database: str, tmp_path: Path) -> Rig:
    async with running_portal(pg_container, tmp_path, pg_database) as running:
        yield running  # type: ignore[misc]


@pytest.fixture
async def second_server(rig: Rig) -> str:
    """Another server process's worth of state: its own container, engine and connection pool."""
    other = build_container(rig.container.settings())
    share_embedded(other, rig.container)
    with LiveServer(create_app(other)) as server:
        yield server.url  # type: ignore[misc]
    await close_container(other)


@contextlib.asynccontextmanager
async def _invoice_held(database_url: str, invoice_id: uuid.UUID) -> AsyncIterator[Callable[[], Awaitable[bool]]]:
    """Lock the invoice's row: a Payment's insert then waits in its foreign-key check, after its unique-index entry.

    Yields a probe telling whether all STARTS starts wait in their insert (asked on its own connection: a
    transaction sees the activity statistics as they were at its first look).
    """
    dsn = database_url.replace("postgresql://", "postgres://", 1)
    holder, watcher = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    transaction = holder.transaction()
    await transaction.start()

    async def all_inserted() -> bool:
        return int(await watcher.fetchval(_WAITING_STARTS)) == STARTS

    try:
        await holder.execute("SELECT 1 FROM documents WHERE id = $1 FOR UPDATE", invoice_id)
        yield all_inserted
    finally:
        await transaction.rollback()
        await holder.close()
        await watcher.close()


async def _race(rig: Rig, database_url: str, start: Callable[[int], Awaitable[httpx.Response]]) -> list[httpx.Response]:
    """Fire STARTS starts; let the database decide only once every one of them has inserted its Payment."""
    async with _invoice_held(database_url, rig.invoice_id) as all_inserted:
        answers = asyncio.gather(*(start(i) for i in range(STARTS)))
        await rig.until(all_inserted)
    return list(await answers)


async def _payments_of_the_invoice(rig: Rig) -> int:
    async with rig.container.session_factory()() as session:
        count = await session.scalar(
            select(func.count()).select_from(payments).where(payments.c.document_id == rig.invoice_id)
        )
    return int(count or 0)


async def test_concurrent_starts_over_two_servers_give_one_201_and_409s_naming_the_winner(
    rig: Rig, second_server: str, pg_database: str
) -> None:
    path = f"/api/v1/documents/{rig.invoice_id}/payments"
    bases = [rig.portal.url, second_server]

    async def start(i: int) -> httpx.Response:
        return await rig.client.post(bases[i % 2] + path, json={"amount": 100 + i, "phone": "20123456"})

    answers = await _race(rig, pg_database, start)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (STARTS - 1), [(a.status_code, a.text[:160]) for a in answers]
    winner = next(a for a in answers if a.status_code == 201).json()
    assert winner["status"] == "pending"
    for loser in (a for a in answers if a.status_code == 409):
        assert loser.headers["content-type"].startswith("application/problem+json")
        assert loser.json()["payment_id"] == winner["id"]
    assert await _payments_of_the_invoice(rig) == 1
    assert (await rig.payment(winner["id"]))["status"] == "pending"


async def test_concurrent_pay_form_posts_start_one_payment_and_the_rest_explain_it(
    rig: Rig, second_server: str, pg_database: str
) -> None:
    token = csrf_of(await rig.client.get(f"/documents/{rig.invoice_id}/pay"))
    bases = [rig.portal.url, second_server]

    async def confirm(i: int) -> httpx.Response:
        return await rig.client.post(
            f"{bases[i % 2]}/documents/{rig.invoice_id}/pay",
            data={"amount": f"{1 + i},00", "phone": "20123456", "csrf_token": token},
            follow_redirects=False,
        )

    answers = await _race(rig, pg_database, confirm)
    codes = sorted(a.status_code for a in answers)
    assert codes == [303] + [409] * (STARTS - 1), [(a.status_code, a.text[:160]) for a in answers]
    started = next(a for a in answers if a.status_code == 303).headers["location"]
    for refused in (a for a in answers if a.status_code == 409):  # the waiting payment, linked, with Cancel
        assert f'href="{started}"' in refused.text
        assert f'action="{started}/cancel"' in refused.text
    assert await _payments_of_the_invoice(rig) == 1
    shown = await rig.client.get(started)
    assert shown.status_code == 200
