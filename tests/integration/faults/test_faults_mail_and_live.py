"""Outages meet email and live status (PRODUCT §10): each email once per cause, no page stale after a lost notify."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from dependency_injector import providers

from application.commands.identity.request_login import RequestLogin
from application.errors import StoreUnavailable
from application.ports.mailer import MailUnavailable, OutgoingMail
from infrastructure.container import Container, build_container, close_container
from infrastructure.live.status_hub import StatusHub
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, upsert_customer, upsert_document
from tests.conftest import make_settings, truncate_all
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"


class CountingMailer:
    """Counts what reaches the mail server; `then` runs right after a successful send (to cut the database)."""

    def __init__(self, then: Any = None, fail_first: int = 0) -> None:
        self.sent: list[str] = []
        self.then = then
        self.fail_first = fail_first

    async def send(self, message: OutgoingMail) -> None:
        if self.fail_first:
            self.fail_first -= 1
            raise MailUnavailable("the mail server is away")
        self.sent.append(message.message_id)
        if self.then is not None:
            self.then()


@pytest.fixture
async def proxied(pg_database: str, tmp_path: Path) -> AsyncIterator[tuple[TcpProxy, Container]]:
    await truncate_all(pg_database)
    proxy = TcpProxy.in_front_of(pg_database)
    container = build_container(make_settings(tmp_path, database_url=proxy.url_for(pg_database)))
    await container.bus().handle(upsert_customer(customer_no="C-1001", email=MAIL))
    try:
        yield proxy, container
    finally:
        proxy.restore()
        await close_container(container)
        proxy.stop()


async def test_a_login_email_sent_before_the_database_fell_is_not_sent_again(
    proxied: tuple[TcpProxy, Container],
) -> None:
    """Sent, then recording it failed (the database fell), then the job ran again: still one email."""
    proxy, container = proxied
    mailer = CountingMailer(then=proxy.cut)
    container.smtp_mailer.override(providers.Object(mailer))
    await container.bus().handle(RequestLogin(email=MAIL, ip="192.0.2.1"))
    with pytest.raises(StoreUnavailable):
        await deliver_login_mail(container)
    assert len(mailer.sent) == 1
    proxy.restore()
    mailer.then = None
    await _until_store_answers(container)
    await container.bus().handle(RequestLogin(email=MAIL, ip="192.0.2.1"))  # a new cause sends a new email
    await _deliver_all_login_jobs(container)
    assert len(mailer.sent) == 2, "the first job's retry must not send again; the new challenge sends once"
    assert len(set(mailer.sent)) == 2


async def test_an_email_the_mail_server_refused_for_now_is_sent_on_the_retry(
    proxied: tuple[TcpProxy, Container],
) -> None:
    _, container = proxied
    mailer = CountingMailer(fail_first=1)
    container.smtp_mailer.override(providers.Object(mailer))
    await container.bus().handle(RequestLogin(email=MAIL, ip="192.0.2.1"))
    with pytest.raises(MailUnavailable):
        await deliver_login_mail(container)
    await _deliver_all_login_jobs(container)
    assert len(mailer.sent) == 1


async def _deliver_all_login_jobs(container: Container) -> None:
    """Run every login-mail job again, sent or not, as a redelivery after a crash would."""
    from sqlalchemy import update  # noqa: PLC0415

    from infrastructure.persistence.tables.outbox import outbox  # noqa: PLC0415

    async with container.session_factory()() as session, session.begin():
        await session.execute(update(outbox).values(sent_at=None))
    await deliver_login_mail(container)


async def _until_store_answers(container: Container) -> None:
    for _ in range(100):
        if await container.database_probe().ready():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the database did not come back")


class LostNotifications:
    """A broadcaster whose every notification is lost on the way."""

    async def publish(self, payment_id: uuid.UUID, status: str) -> None:
        del payment_id, status


async def test_a_live_stream_reaches_the_final_status_after_a_lost_notification(
    pg_database: str, tmp_path: Path
) -> None:
    await truncate_all(pg_database)
    container = build_container(make_settings(tmp_path, database_url=pg_database))
    hub = StatusHub(reread_seconds=0.2)
    container.status_hub.override(providers.Object(hub))
    container.status_broadcaster.override(providers.Object(LostNotifications()))
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone="+4520123456"))
    await bus.handle(upsert_document(document("invoice", "INV-1", due_date=dt.date(2026, 11, 16))))
    try:
        async with asgi_client(create_app(container)) as client:
            assert (await client.post("/api/v1/auth/login", json={"email": MAIL})).status_code == 202
            await deliver_login_mail(container)
            code, _ = code_and_token(container, MAIL)
            await client.post("/api/v1/auth/verify", json={"email": MAIL, "code": code})
            invoice = (await client.get("/api/v1/documents")).json()["items"][0]
            started = await client.post(
                f"/api/v1/documents/{invoice['id']}/payments", json={"amount": 100, "phone": "+4520123456"}
            )
            assert started.status_code == 201, started.text
            payment_id = started.json()["id"]
            stream = asyncio.create_task(client.get(f"/api/v1/payments/{payment_id}/events"))
            for _ in range(500):  # the stream has sent "pending" and listens: now the change may land
                if hub.watchers(uuid.UUID(payment_id)):
                    break
                await asyncio.sleep(0.01)
            connection = await asyncpg.connect(pg_database.replace("postgresql://", "postgres://", 1))
            try:  # the payment fails behind the portal's back: no notification reaches any stream
                await connection.execute("UPDATE payments SET status = 'failed' WHERE id = $1", uuid.UUID(payment_id))
            finally:
                await connection.close()
            response = await asyncio.wait_for(stream, timeout=30)
    finally:
        await close_container(container)
    statuses = [json.loads(line[5:])["status"] for line in response.text.splitlines() if line.startswith("data:")]
    assert statuses[0] == "pending"
    assert statuses[-1] == "failed"
