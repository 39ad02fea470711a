"""Rotating PORTAL_SECRET_KEYS (PRODUCT §12; ADR-0036): a new key first and the old one second signs no one out and
breaks nothing in flight; removing the old key ends what only it vouched for.

One browser per person keeps its cookies while the server behind it is redeployed with other keys, on one
PostgreSQL database: sessions, API keys, open sign-in challenges (code and link), sealed outbox jobs, CSRF tokens
and the `portal_login` cookie are all made under the old key alone, then used after the rotation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from litestar import Litestar
from sqlalchemy import select

from application import jobs
from application.commands.identity.create_api_key import CreateApiKey
from application.credentials.login_secrets import SEAL_PURPOSE
from infrastructure.container import Container, build_container, close_container
from infrastructure.persistence.tables.outbox import outbox
from interfaces.http.app import create_app
from tests.builders import upsert_customer
from tests.conftest import make_settings, truncate_all
from tests.fakes import FakeClock
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail
from tests.integration.pages.pages_support import csrf_of, form_token, sign_in

pytestmark = pytest.mark.integration
OLD = "old:" + "o" * 40
NEW = "new:" + "n" * 40
SIGNED_IN = "mette@example.dk"
BY_CODE = "jens@example.dk"
BY_LINK = "anna@example.dk"

Deploy = Callable[[str], Awaitable[Container]]


class Server:
    """The ASGI app a browser reaches; `deploy` swaps it, as a redeploy with new settings would."""

    def __init__(self) -> None:
        self.app: Litestar | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.app is not None
        await self.app(scope, receive, send)


@pytest.fixture
async def server(pg_database: str, tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[Server, Deploy]]:
    await truncate_all(pg_database)
    current = Server()
    made: list[Container] = []

    async def deploy(keys: str) -> Container:
        container = build_container(make_settings(tmp_path, database_url=pg_database, secret_keys=keys))
        container.clock.override(providers.Object(clock))
        made.append(container)
        current.app = create_app(container)
        return container

    yield current, deploy
    for container in made:
        await close_container(container)


def _browser(server: Server) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=server, client=("127.0.0.1", 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver.local")


async def _ask_by_form(browser: httpx.AsyncClient, email: str) -> None:
    sent = await browser.post("/login", data={"csrf_token": await form_token(browser), "email": email})
    assert sent.status_code == 303, sent.text


async def _sealed_jobs(container: Container) -> list[str]:
    async with container.session_factory()() as session:
        rows = await session.execute(
            select(outbox.c.payload).where(outbox.c.actor == jobs.SEND_LOGIN_EMAIL).order_by(outbox.c.seq)
        )
        return [row.payload["sealed"] for row in rows]


async def _before_rotation(deploy: Deploy) -> tuple[Container, str]:
    """Under the old key alone: three customers, and an API key (returned)."""
    old = await deploy(OLD)
    for number, email in (("C-1", SIGNED_IN), ("C-2", BY_CODE), ("C-3", BY_LINK)):
        await old.bus().handle(upsert_customer(customer_no=number, email=email))
    created = await old.bus().handle(CreateApiKey(name="erp"))
    return old, created.key


async def test_with_the_new_key_first_and_the_old_second_everything_made_before_still_works(
    server: tuple[Server, Deploy],
) -> None:
    current, deploy = server
    old, api_key = await _before_rotation(deploy)
    async with _browser(current) as signed_in, _browser(current) as by_code, _browser(current) as by_link:
        await sign_in(signed_in, old, SIGNED_IN)
        await _ask_by_form(by_code, BY_CODE)  # portal_login cookie, sealed job and challenge: all under the old key
        await _ask_by_form(by_link, BY_LINK)
        code_form = await by_code.get("/login/code")  # a CSRF token made under the old key, in an open form
        assert all(sealed.startswith("old.") for sealed in await _sealed_jobs(old))

        rotated = await deploy(f"{NEW},{OLD}")

        assert (await signed_in.get("/api/v1/me")).status_code == 200  # the session made before
        events = await signed_in.get("/admin/api/v1/events", headers={"Authorization": f"Bearer {api_key}"})
        assert events.status_code == 200  # the API key made before
        assert await deliver_login_mail(rotated) == 2  # the sealed jobs made before open
        code, _ = code_and_token(rotated, BY_CODE)
        _, token = code_and_token(rotated, BY_LINK)
        by_code_signed_in = await by_code.post("/login/code", data={"csrf_token": csrf_of(code_form), "code": code})
        assert by_code_signed_in.status_code == 303  # old CSRF token, old portal_login cookie, old code hash
        assert (await by_code.get("/api/v1/me")).json()["email"] == BY_CODE
        by_link_signed_in = await by_link.get(f"/login/link/{token}")  # bound to the old portal_login cookie
        assert by_link_signed_in.status_code == 303
        assert (await by_link.get("/api/v1/me")).json()["email"] == BY_LINK

        async with _browser(current) as later:
            await _ask_by_form(later, BY_LINK)  # what is made now is made under the new key
        assert [s.split(".")[0] for s in await _sealed_jobs(rotated)] == ["old", "old", "old", "new"]
        await deploy(NEW)
        assert (await by_code.get("/api/v1/me")).status_code == 200  # a session started after the rotation


async def test_once_the_old_key_is_removed_what_only_it_vouched_for_is_refused_but_api_keys_stay(
    server: tuple[Server, Deploy],
) -> None:
    current, deploy = server
    old, api_key = await _before_rotation(deploy)
    async with _browser(current) as signed_in, _browser(current) as by_code, _browser(current) as by_link:
        await sign_in(signed_in, old, SIGNED_IN)
        await _ask_by_form(by_code, BY_CODE)
        await _ask_by_form(by_link, BY_LINK)
        assert await deliver_login_mail(old) == 2
        code, _ = code_and_token(old, BY_CODE)
        _, token = code_and_token(old, BY_LINK)
        code_form = await by_code.get("/login/code")
        await _ask_by_form(by_link, BY_LINK)  # a job still in the outbox when the key goes
        pending = (await _sealed_jobs(old))[-1]

        new_only = await deploy(NEW)

        assert (await signed_in.get("/api/v1/me")).status_code == 401
        events = await signed_in.get("/admin/api/v1/events", headers={"Authorization": f"Bearer {api_key}"})
        assert events.status_code == 200  # API keys are plain digests of 256 random bits: no server key involved
        with pytest.raises(ValueError, match="not sealed by this server"):
            new_only.sealer().open(SEAL_PURPOSE, pending)
        refused = await by_code.post("/login/code", data={"csrf_token": csrf_of(code_form), "code": code})
        assert refused.status_code == 403  # the CSRF token
        fresh_form = await by_code.get("/login/code")
        no_address = await by_code.post("/login/code", data={"csrf_token": csrf_of(fresh_form), "code": code})
        assert no_address.status_code == 400  # the portal_login cookie no longer names the address asked for
        with_address = await by_code.post("/api/v1/auth/verify", json={"email": BY_CODE, "code": code})
        assert with_address.status_code == 400  # the code's stored hash is found under no remaining key
        assert (await by_link.post("/api/v1/auth/link", json={"token": token})).status_code == 400
        assert "portal_session" not in by_code.cookies
        assert "portal_session" not in by_link.cookies
