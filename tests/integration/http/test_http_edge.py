"""The HTTP edge (PRODUCT §3): headers on every response, 405 with Allow, the Origin check, the client address.

Most tests talk to the app in-process; those about the server itself (its own 400, its proxy handling) run it under
uvicorn with the options of `portal serve`, on a loopback port.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from litestar import Litestar, get
from sqlalchemy import select

from infrastructure.container import Container, build_container, close_container
from infrastructure.persistence.tables.identity import rate_limit_buckets
from interfaces.cli.serve import server_config
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import upsert_customer
from tests.conftest import make_settings, truncate_all
from tests.integration.pages.pages_support import form_token

pytestmark = pytest.mark.integration
SECURITY_HEADERS = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}
OWN_ORIGIN = "http://127.0.0.1:8000"  # the base URL of the test settings


def assert_security_headers(response: httpx.Response) -> None:
    for name, part in SECURITY_HEADERS.items():
        assert part in response.headers.get(name, ""), f"{name} missing on {response.status_code}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]


@pytest.fixture
async def app(pg_container: Container) -> Litestar:
    app = create_app(pg_container)

    @get("/test-only/crash", include_in_schema=False)
    async def crash() -> None:
        raise RuntimeError("a bug")

    app.register(crash)
    return app


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as test_client:
        yield test_client


async def test_the_framework_s_own_404_and_405_carry_the_headers(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/no/such/path"),
        await client.get("/no/such/page", headers={"accept": "text/html"}),
        await client.delete("/login"),
        await client.put("/api/v1/documents"),
    ):
        assert response.status_code in (404, 405)
        assert_security_headers(response)


async def test_trace_and_unsupported_methods_answer_405_with_allow(client: httpx.AsyncClient) -> None:
    for method, path, allowed in (
        ("TRACE", "/login", {"GET", "POST"}),
        ("TRACE", "/api/v1/documents", {"GET"}),
        ("PROPFIND", "/api/v1/auth/login", {"POST"}),
    ):
        response = await client.request(method, path)
        assert response.status_code == 405, (method, path)
        assert allowed <= {m.strip() for m in response.headers["allow"].split(",")}
        assert method not in response.headers["allow"]
        assert_security_headers(response)


async def test_413_and_500_carry_the_headers(client: httpx.AsyncClient) -> None:
    too_big = await client.post(
        "/api/v1/auth/login",
        content=b'{"email": "' + b"a" * (1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert too_big.status_code == 413
    assert_security_headers(too_big)
    crashed = await client.get("/test-only/crash")
    assert crashed.status_code == 500
    assert_security_headers(crashed)


async def test_hsts_only_when_the_base_url_is_https(tmp_path: Path) -> None:
    for base_url, expected in (("https://portal.example.dk", True), ("http://portal.example.dk", False)):
        container = build_container(make_settings(tmp_path / ("https" if expected else "http"), base_url=base_url))
        try:
            async with asgi_client(create_app(container)) as client:
                for response in (await client.get("/no/such/path"), await client.get("/health/live")):
                    assert ("strict-transport-security" in response.headers) is expected
                    assert_security_headers(response)
        finally:
            await close_container(container)


async def test_a_form_post_from_another_origin_is_refused_with_a_page(
    client: httpx.AsyncClient, pg_container: Container
) -> None:
    await pg_container.bus().handle(upsert_customer(customer_no="C-1", email="mette@example.dk"))
    token = await form_token(client)
    form = {"csrf_token": token, "email": "mette@example.dk"}
    for foreign in ("https://evil.example", "http://127.0.0.1:8001", "https://127.0.0.1:8000"):
        refused = await client.post("/login", data=form, headers={"origin": foreign, "accept": "text/html"})
        assert refused.status_code == 403, foreign
        assert refused.headers["content-type"].startswith("text/html")
        assert "<h1>" in refused.text
        assert_security_headers(refused)
    same = await client.post("/login", data=form, headers={"origin": OWN_ORIGIN})
    absent = await client.post("/login", data=form)
    # what browsers send under the portal's own Referrer-Policy: no-referrer; the CSRF token decides
    opaque = await client.post("/login", data=form, headers={"origin": "null"})
    assert same.status_code == absent.status_code == opaque.status_code == 303


async def test_the_json_api_is_not_subject_to_the_origin_check(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/v1/auth/login", json={"email": "x@example.dk"}, headers={"origin": "null"})
    assert answer.status_code == 202


async def _buckets(container: Container) -> set[str]:
    async with container.session_factory()() as session:
        return set((await session.scalars(select(rate_limit_buckets.c.bucket))).all())


@pytest.fixture
async def limited(pg_database: str, tmp_path: Path) -> AsyncIterator[Container]:
    """A container whose per-IP sign-in limit is 3 per 10 minutes, the proxy list as the test says."""
    await truncate_all(pg_database)
    container = build_container(
        make_settings(tmp_path, database_url=pg_database, limit_login_ip="3/10m", trusted_proxies="10.0.0.1")
    )
    yield container
    await close_container(container)


async def test_a_spoofed_forwarded_for_from_an_untrusted_peer_does_not_escape_the_ip_limit(
    limited: Container,
) -> None:
    async with asgi_client(create_app(limited)) as client:  # the peer is 127.0.0.1, not the trusted 10.0.0.1
        answers = [
            await client.post(
                "/api/v1/auth/login",
                json={"email": f"person{i}@example.dk"},
                headers={"x-forwarded-for": f"203.0.113.{i}, 198.51.100.{i}"},
            )
            for i in range(5)
        ]
    assert [a.status_code for a in answers] == [202, 202, 202, 429, 429]
    assert {b for b in await _buckets(limited) if b.startswith("login-ip:")} == {"login-ip:127.0.0.1"}


@asynccontextmanager
async def serving(container: Container) -> AsyncIterator[int]:
    """The app under uvicorn with `portal serve`'s options, on a free loopback port; yields the port."""
    settings = container.settings()
    config = server_config(create_app(container), settings, host="127.0.0.1", port=0, lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "the server did not start"
            await asyncio.sleep(0.01)
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        await task


async def test_the_server_does_not_take_the_client_address_from_forwarded_headers(limited: Container) -> None:
    async with serving(limited) as port, httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        answers = [
            await client.post(
                "/api/v1/auth/login",
                json={"email": f"person{i}@example.dk"},
                headers={"x-forwarded-for": value, "forwarded": f"for={value}", "x-real-ip": value},
            )
            for i, value in enumerate(["203.0.113.1", "not-an-ip", "198.51.100.2", "203.0.113.3", "10.0.0.1"])
        ]
    assert [a.status_code for a in answers] == [202, 202, 202, 429, 429]
    assert {b for b in await _buckets(limited) if b.startswith("login-ip:")} == {"login-ip:127.0.0.1"}


async def test_the_server_s_own_400_carries_the_headers(limited: Container) -> None:
    async with serving(limited) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n")
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), 10)
        writer.close()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 400")
    for name, part in SECURITY_HEADERS.items():
        assert f"{name}: " in head
        assert part.lower() in head
