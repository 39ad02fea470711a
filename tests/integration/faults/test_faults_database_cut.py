"""The database cut in the middle (PRODUCT §10): every route answers 503, never 500, and recovers within seconds.

The portal reaches PostgreSQL through a loopback TCP proxy that the test cuts (every connection reset, new ones
refused, as a stopped server looks) and restores.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from application.commands.identity.create_api_key import CreateApiKey
from infrastructure.container import Container, build_container, close_container
from infrastructure.mobilepay.simulator.signing import signed_headers
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, upsert_customer, upsert_document
from tests.conftest import make_settings, truncate_all
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.integration
SECRET = "webhook-secret-for-tests-0123456789abcdef"
MAIL = "mette@example.dk"
BASE = "http://testserver.local"


@dataclass
class Cut:
    proxy: TcpProxy
    container: Container
    client: httpx.AsyncClient
    anonymous: httpx.AsyncClient
    admin_key: str
    invoice_id: uuid.UUID
    csrf: str


@pytest.fixture
async def cut(pg_database: str, tmp_path: Path) -> AsyncIterator[Cut]:
    await truncate_all(pg_database)
    proxy = TcpProxy("127.0.0.1", int(pg_database.rsplit(":", 1)[1].split("/", maxsplit=1)[0])).start()
    settings = make_settings(
        tmp_path, database_url=proxy.url_for(pg_database), mobilepay_webhook_secret=SECRET, base_url=BASE
    )
    container = build_container(settings)
    bus = container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL))
    invoice = document("invoice", "INV-1", due_date=dt.date(2026, 11, 16))
    await bus.handle(upsert_document(invoice))
    created = await bus.handle(CreateApiKey(name="erp"))
    app = create_app(container)
    try:
        async with asgi_client(app, base_url=BASE) as client, asgi_client(app, base_url=BASE) as anonymous:
            login_page = await anonymous.get("/login", headers={"Accept": "text/html"})
            csrf = login_page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            assert (await client.post("/api/v1/auth/login", json={"email": MAIL})).status_code == 202
            assert await deliver_login_mail(container) == 1
            code, _ = code_and_token(container, MAIL)
            assert (await client.post("/api/v1/auth/verify", json={"email": MAIL, "code": code})).status_code == 200
            listed = (await client.get("/api/v1/documents")).json()["items"]
            yield Cut(proxy, container, client, anonymous, created.key, uuid.UUID(listed[0]["id"]), csrf)
    finally:
        proxy.restore()
        await close_container(container)
        proxy.stop()


def _api_calls(cut: Cut) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Every customer, admin and webhook route family: name → (method, path, request options)."""
    admin = {"Authorization": f"Bearer {cut.admin_key}"}
    webhook_body = json.dumps(
        {
            "msn": "123456",
            "reference": str(uuid.uuid4()),
            "pspReference": "psp-1",
            "name": "AUTHORIZED",
            "amount": {"currency": "DKK", "value": 100},
            "timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "success": True,
        }
    ).encode()
    webhook_headers = signed_headers(
        url=f"{BASE}/webhooks/mobilepay", body=webhook_body, secret=SECRET, at=dt.datetime.now(dt.UTC)
    )
    doc = f"/api/v1/documents/{cut.invoice_id}"
    return {
        "login": ("POST", "/api/v1/auth/login", {"json": {"email": MAIL}}),
        "verify": ("POST", "/api/v1/auth/verify", {"json": {"email": MAIL, "code": "123456"}}),
        "link": ("POST", "/api/v1/auth/link", {"json": {"token": "x" * 43}}),
        "me": ("GET", "/api/v1/me", {}),
        "list": ("GET", "/api/v1/documents", {}),
        "detail": ("GET", doc, {}),
        "pdf": ("GET", f"{doc}/pdf", {}),
        "payment start": ("POST", f"{doc}/payments", {"json": {"amount": 100, "phone": "+4520123456"}}),
        "payment": ("GET", f"/api/v1/payments/{uuid.uuid4()}", {}),
        "statement": ("GET", "/api/v1/statements/C-1001", {}),
        "statement pdf": ("GET", "/api/v1/statements/C-1001/pdf", {}),
        "admin statement": ("GET", "/admin/api/v1/customers/C-1001/statement/pdf", {"headers": admin}),
        "admin feed": ("GET", "/admin/api/v1/events", {"headers": admin}),
        "admin upsert": ("PUT", "/admin/api/v1/customers/C-2", {"headers": admin, "json": {"name": "X"}}),
        "admin pdf": ("GET", "/admin/api/v1/documents/invoice/INV-1/pdf", {"headers": admin}),
        "webhook": ("POST", "/webhooks/mobilepay", {"content": webhook_body, "headers": webhook_headers}),
        "ready": ("GET", "/health/ready", {}),
    }


def _page_calls(cut: Cut) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Pages of a signed-in person; the sign-in form is posted by the anonymous client (see `_call`)."""
    html = {"Accept": "text/html"}
    return {
        "documents page": ("GET", "/documents", {"headers": html}),
        "detail page": ("GET", f"/documents/{cut.invoice_id}", {"headers": html}),
        "pay page": ("GET", f"/documents/{cut.invoice_id}/pay", {"headers": html}),
        "statement page": ("GET", "/statements/C-1001", {"headers": html}),
        "sign-in form": ("POST", "/login", {"headers": html, "data": {"csrf_token": cut.csrf, "email": MAIL}}),
    }


async def _call(cut: Cut, name: str, method: str, path: str, options: dict[str, Any]) -> httpx.Response:
    client = cut.anonymous if name == "sign-in form" else cut.client
    return await client.request(method, path, **options)


async def _outbox_rows(pg_database: str) -> int:
    import asyncpg  # noqa: PLC0415

    connection = await asyncpg.connect(pg_database.replace("postgresql://", "postgres://", 1))
    try:
        return int(await connection.fetchval("SELECT count(*) FROM outbox"))
    finally:
        await connection.close()


async def test_every_route_answers_503_while_the_database_is_cut(cut: Cut, pg_database: str) -> None:
    rows_before = await _outbox_rows(pg_database)
    with cut.proxy.outage():
        for name, (method, path, options) in _api_calls(cut).items():
            response = await cut.client.request(method, path, **options)
            assert response.status_code == 503, f"{name}: {response.status_code} {response.text[:200]}"
            assert response.headers["content-type"].startswith("application/problem+json"), name
            assert response.headers["retry-after"].isdigit(), name
            assert response.json()["status"] == 503, name
        for name, (method, path, options) in _page_calls(cut).items():
            response = await _call(cut, name, method, path, options)
            assert response.status_code == 503, f"{name}: {response.status_code}"
            assert response.headers["content-type"].startswith("text/html"), name
            assert "retry-after" in response.headers, name
        live = await cut.client.get("/health/live")
        assert live.status_code == 200
    # nothing half-written: the sign-in asked for during the cut left no job behind
    assert await _outbox_rows(pg_database) == rows_before


async def test_every_route_recovers_within_seconds_after_the_cut(cut: Cut) -> None:
    with cut.proxy.outage():
        assert (await cut.client.get("/api/v1/me")).status_code == 503
    loop = asyncio.get_running_loop()
    restored_at = loop.time()
    while (await cut.client.get("/api/v1/me")).status_code != 200:
        assert loop.time() - restored_at < 10, "the portal did not recover within 10 s"
        await asyncio.sleep(0.1)
    for name, (method, path, options) in {**_api_calls(cut), **_page_calls(cut)}.items():
        response = await _call(cut, name, method, path, options)
        assert response.status_code < 500, f"{name} after the cut: {response.status_code} {response.text[:200]}"
    ready = await cut.client.get("/health/ready")
    assert ready.json()["database"] == "up"


async def test_readiness_reports_the_broker_without_failing_on_it(cut: Cut) -> None:
    ready = await cut.client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "up", "broker": "up"}


async def test_a_dropped_connection_in_the_middle_of_a_read_is_a_503(cut: Cut) -> None:
    """Connections already in the pool die with the cut; the next request must still get a clean 503."""
    assert (await cut.client.get("/api/v1/documents")).status_code == 200  # a pooled connection exists
    cut.proxy.cut()
    try:
        answers = await asyncio.gather(*(cut.client.get("/api/v1/documents") for _ in range(8)))
    finally:
        cut.proxy.restore()
    assert {response.status_code for response in answers} == {503}


async def test_a_lock_held_elsewhere_makes_a_503_not_an_endless_wait(pg_database: str, tmp_path: Path) -> None:
    """A statement blocked by another transaction's lock gives up within the request budget (§10)."""
    await truncate_all(pg_database)
    container = build_container(make_settings(tmp_path, database_url=pg_database, base_url=BASE))
    app = create_app(container)  # first: the web process's engine bounds each statement
    await container.bus().handle(upsert_customer(customer_no="C-1001", email=MAIL))
    import asyncpg  # noqa: PLC0415

    holder = await asyncpg.connect(pg_database.replace("postgresql://", "postgres://", 1))
    try:
        async with asgi_client(app, base_url=BASE) as client:
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE")
            try:
                blocked = await client.post("/api/v1/auth/login", json={"email": MAIL})
            finally:
                await transaction.rollback()
            after = await client.post("/api/v1/auth/login", json={"email": MAIL})
    finally:
        await holder.close()
        await close_container(container)
    assert blocked.status_code == 503, blocked.text
    assert blocked.headers["retry-after"].isdigit()
    assert after.status_code == 202


async def test_an_exhausted_pool_answers_503_quickly_and_readiness_stays_up(pg_database: str, tmp_path: Path) -> None:
    """Every pooled connection held (a stuck process, a slow lock): requests get 503, the process stays ready."""
    await truncate_all(pg_database)
    container = build_container(make_settings(tmp_path, database_url=pg_database, base_url=BASE))
    app = create_app(container)
    engine = container.engine()
    held = [await engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)]  # type: ignore[attr-defined]
    try:
        async with asgi_client(app, base_url=BASE) as client:
            login = await client.post("/api/v1/auth/login", json={"email": MAIL})
            ready = await client.get("/health/ready")
    finally:
        for connection in held:
            await connection.close()
        await close_container(container)
    assert login.status_code == 503
    assert login.headers["retry-after"].isdigit()
    assert ready.status_code == 200, ready.text
