"""Passwordless sign-in over the JSON API on PostgreSQL, with mail read from a real SMTP server (PRODUCT §2, §3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from dependency_injector import providers

from application.commands.identity.create_api_key import CreateApiKey
from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import GENEROUS_LOGIN, document, upsert_customer, upsert_document
from tests.fakes import FakeClock
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"


@pytest.fixture
async def api(pg_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, locale="da"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="other@example.dk"))
    async with asgi_client(create_app(pg_container)) as client:
        yield client


async def _sign_in_with_code(api: httpx.AsyncClient, container: Container, email: str = MAIL) -> httpx.Response:
    assert (await api.post("/api/v1/auth/login", json={"email": email})).status_code == 202
    assert await deliver_login_mail(container) == 1
    code, _ = code_and_token(container, email)
    return await api.post("/api/v1/auth/verify", json={"email": email.upper(), "code": code})


async def test_sign_in_with_the_code_from_the_email_then_read_me(
    api: httpx.AsyncClient, pg_container: Container
) -> None:
    verified = await _sign_in_with_code(api, pg_container)
    assert verified.status_code == 200
    assert verified.json() == {"email": MAIL}
    cookie = verified.headers["set-cookie"]
    assert "portal_session=" in cookie
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    me = await api.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == MAIL
    assert [c["customer_no"] for c in me.json()["customers"]] == ["C-1001"]
    mail = pg_container.embedded_smtp().latest_to(MAIL)
    assert mail.subject == "Log ind hos Kundeportal"


async def test_the_link_signs_in_once_and_the_code_of_the_same_challenge_is_then_dead(
    api: httpx.AsyncClient, pg_container: Container
) -> None:
    await api.post("/api/v1/auth/login", json={"email": MAIL})
    await deliver_login_mail(pg_container)
    code, token = code_and_token(pg_container, MAIL)
    assert (await api.post("/api/v1/auth/link", json={"token": token})).status_code == 200
    assert (await api.post("/api/v1/auth/link", json={"token": token})).status_code == 400
    assert (await api.post("/api/v1/auth/verify", json={"email": MAIL, "code": code})).status_code == 400


async def test_known_and_unknown_addresses_get_identical_answers(api: httpx.AsyncClient) -> None:
    known = await api.post("/api/v1/auth/login", json={"email": MAIL})
    api.cookies.clear()
    unknown = await api.post("/api/v1/auth/login", json={"email": "nobody@example.dk"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert sorted(known.headers.keys()) == sorted(unknown.headers.keys())
    assert [c.split("=")[0] for c in known.headers.get_list("set-cookie")] == [
        c.split("=")[0] for c in unknown.headers.get_list("set-cookie")
    ]


async def test_rate_limits_answer_429_with_retry_after_for_known_and_unknown(api: httpx.AsyncClient) -> None:
    for email in (MAIL, "nobody@example.dk"):
        answers = [(await api.post("/api/v1/auth/login", json={"email": email})).status_code for _ in range(4)]
        assert answers == [202, 202, 202, 429]
    limited = await api.post("/api/v1/auth/login", json={"email": MAIL})
    assert int(limited.headers["retry-after"]) > 0
    assert "Too many attempts" in limited.json()["detail"]
    assert limited.headers["content-type"].startswith("application/problem+json")


async def test_the_ip_limit_counts_across_addresses(pg_container: Container, api: httpx.AsyncClient) -> None:
    answers = [
        (await api.post("/api/v1/auth/login", json={"email": f"p{i}@example.dk"})).status_code for i in range(21)
    ]
    assert answers[:20] == [202] * 20
    assert answers[20] == 429


async def test_sessions_expire_when_idle_and_after_the_absolute_lifetime(
    api: httpx.AsyncClient, pg_container: Container, clock: FakeClock
) -> None:
    assert (await _sign_in_with_code(api, pg_container)).status_code == 200
    clock.advance(minutes=59)
    assert (await api.get("/api/v1/me")).status_code == 200  # touches the session
    for _ in range(12):
        clock.advance(minutes=59)
        if (await api.get("/api/v1/me")).status_code != 200:
            break
    assert clock.now() - dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC) <= dt.timedelta(hours=12, minutes=59)
    assert (await api.get("/api/v1/me")).status_code == 401
    api.cookies.clear()
    assert (await _sign_in_with_code(api, pg_container)).status_code == 200
    clock.advance(minutes=61)
    assert (await api.get("/api/v1/me")).status_code == 401


async def test_sign_in_rotates_the_session_and_sign_out_revokes_it(
    api: httpx.AsyncClient, pg_container: Container, clock: FakeClock
) -> None:
    await _sign_in_with_code(api, pg_container)
    first = api.cookies["portal_session"]
    clock.advance(minutes=11)
    await _sign_in_with_code(api, pg_container)
    second = api.cookies["portal_session"]
    assert first != second
    stale = httpx.Cookies({"portal_session": first})
    assert (await api.get("/api/v1/me", cookies=stale)).status_code == 401
    assert (await api.post("/api/v1/auth/logout")).status_code == 204
    assert (await api.get("/api/v1/me", cookies=httpx.Cookies({"portal_session": second}))).status_code == 401


async def test_staff_and_customer_scopes_are_separate(api: httpx.AsyncClient, pg_container: Container) -> None:
    await _sign_in_with_code(api, pg_container)
    assert (await api.put("/admin/api/v1/customers/C-9", json={"name": "X"})).status_code == 401
    key = (await pg_container.bus().handle(CreateApiKey(name="erp"))).key
    api.cookies.clear()
    assert (await api.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})).status_code == 401


async def test_person_a_gets_404_for_person_b_documents_on_every_route(
    api: httpx.AsyncClient, pg_container: Container
) -> None:
    theirs = await pg_container.bus().handle(upsert_document(document("invoice", "INV-B", customer_no="C-2001")))
    mine = await pg_container.bus().handle(upsert_document(document("invoice", "INV-A", customer_no="C-1001")))
    await _sign_in_with_code(api, pg_container)
    assert (await api.get(f"/api/v1/documents/{mine.id}")).status_code == 200
    for path in (f"/api/v1/documents/{theirs.id}", "/api/v1/documents/not-a-uuid", f"/api/v1/documents/{theirs.id}x"):
        answer = await api.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("application/problem+json")
    listing = await api.get("/api/v1/documents")
    assert [i["number"] for i in listing.json()["items"]] == ["INV-A"]
    assert (await api.get("/api/v1/documents?limit=101")).status_code == 422


async def test_nothing_signed_in_is_401(api: httpx.AsyncClient) -> None:
    for path in ("/api/v1/me", "/api/v1/documents"):
        assert (await api.get(path)).status_code == 401


@pytest.fixture
def generous(pg_container: Container) -> None:
    pg_container.login_policy.override(providers.Object(GENEROUS_LOGIN))
