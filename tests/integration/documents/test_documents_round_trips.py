"""What a customer's document detail sends to PostgreSQL (PRODUCT §11, ADR-0025): the session, the document, its
related documents and its money in one statement, the `document.viewed` event and its outbox row in one more, and
nothing else: no BEGIN/ROLLBACK around a read, no BEGIN/COMMIT around a one-statement write, no ping of a connection
that served a moment ago. And a connection that died while idle in the pool is replaced before anyone sees it."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text

from application.commands.identity.sign_in import start_session
from application.errors import StoreUnavailable
from infrastructure.container import Container
from infrastructure.persistence import engine as engine_module
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.sql_log import sent_sql

pytestmark = pytest.mark.integration
MAIL = "rune@example.dk"


async def _signed_in(container: Container) -> str:
    uow = container.uow()
    async with uow:
        signed = await start_session(uow, container.hasher(), MAIL, container.clock().now(), None)
        await uow.commit()
    return signed.session_id


async def test_a_detail_is_one_read_and_one_write(pg_container: Container) -> None:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-4001", email=MAIL))
    order = await bus.handle(upsert_document(document("order", "ORD-41", customer_no="C-4001")))
    invoice = await bus.handle(
        upsert_document(
            document(
                "invoice",
                "INV-41",
                customer_no="C-4001",
                lines=[line(unit_price=800_00)],
                related=[{"type": "order", "number": "ORD-41"}],
            )
        )
    )
    note = await bus.handle(
        upsert_document(
            document(
                "credit_note",
                "CN-41",
                customer_no="C-4001",
                lines=[line(unit_price=200_00)],
                related=[{"type": "invoice", "number": "INV-41"}],
            )
        )
    )
    session_id = await _signed_in(pg_container)
    async with asgi_client(create_app(pg_container)) as api:
        api.cookies.set("portal_session", session_id)
        assert (await api.get(f"/api/v1/documents/{invoice.id}")).status_code == 200  # warm: metadata, pool
        with sent_sql(pg_container, driver=True) as sent:
            answer = await api.get(f"/api/v1/documents/{invoice.id}")
    assert answer.status_code == 200
    body = answer.json()
    assert {(r["type"], r["number"], r["id"]) for r in body["related"]} == {
        ("order", "ORD-41", str(order.id)),
        ("credit_note", "CN-41", str(note.id)),
    }
    assert [(c["number"], c["id"], c["amount"]) for c in body["credits"]] == [("CN-41", str(note.id), 250_00)]
    assert len(sent) == 2, sent
    assert sent[0].startswith("WITH s AS")  # the session, the document, its related documents and its money
    assert sent[1].startswith("WITH event AS (INSERT INTO events")  # document.viewed and its outbox row


async def test_a_connection_that_died_while_idle_is_replaced_before_use(
    pg_container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # every connection back from the pool is "idle"
    sessions = pg_container.read_sessions()
    async with sessions() as session:
        first = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    await _terminate(pg_container, first)
    async with sessions() as session:  # the ping finds it dead: a new connection serves, no error
        second = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    assert second != first
    with sent_sql(pg_container, driver=True) as sent:
        async with sessions() as session:
            assert (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one() == second
    # a live one answers the ping (SQLAlchemy's, in a transaction of its own: BEGIN, `;`, ROLLBACK) and serves
    assert sent.count(";") == 1 and "SELECT pg_backend_pid()" in sent


async def test_a_connection_used_a_moment_ago_is_not_pinged(
    pg_container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)
    sessions = pg_container.read_sessions()
    async with sessions() as session:
        first = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    with sent_sql(pg_container, driver=True) as sent:
        async with sessions() as session:
            assert (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one() == first
    assert sent == ["SELECT pg_backend_pid()"]
    # the price: had it died in that moment, that one use fails (a 503 for its request), and the pool is renewed
    await _terminate(pg_container, first)
    with pytest.raises(StoreUnavailable):
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
    async with sessions() as session:
        assert (await session.execute(text("SELECT 1"))).scalar_one() == 1


async def _terminate(container: Container, pid: int) -> None:
    url = container.settings().database_url.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(url)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()
