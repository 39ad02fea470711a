"""The sign-in pages over ASGI on PostgreSQL (PRODUCT §2, §3): scanner-safe link, code, old links, CSRF, 429."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import upsert_customer
from tests.fakes import FakeClock
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail
from tests.integration.pages.pages_support import MAIL, ask_for_mail, csrf_of, form_token, sign_in, visible_text

pytestmark = pytest.mark.integration
MASKED = "m•••@example.dk"


@pytest.fixture
async def app_container(pg_container: Container) -> Container:
    await pg_container.bus().handle(upsert_customer(customer_no="C-1001", email=MAIL, locale="da"))
    return pg_container


@pytest.fixture
async def browser(app_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(app_container)) as client:
        yield client


@pytest.fixture
async def other_browser(app_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(app_container)) as client:
        yield client


async def test_the_link_in_another_browser_neither_signs_in_nor_uses_up_the_sign_in_until_continue(
    browser: httpx.AsyncClient, other_browser: httpx.AsyncClient, app_container: Container
) -> None:
    _, token = await ask_for_mail(browser, app_container)
    for _ in range(2):  # a scanner's GET changes nothing, however often it comes
        scanned = await other_browser.get(f"/login/link/{token}")
        assert scanned.status_code == 200
        assert "portal_session" not in scanned.headers.get("set-cookie", "")
        assert f"Fortsæt som {MASKED}" in visible_text(scanned)
        assert MAIL not in scanned.text
    assert (await other_browser.get("/documents")).status_code == 303
    confirmed = await other_browser.post(f"/login/link/{token}", data={"csrf_token": csrf_of(scanned)})
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/documents"
    assert "portal_session" in other_browser.cookies
    assert (await other_browser.get("/documents")).status_code == 200


async def test_the_link_in_the_browser_that_asked_signs_in_on_the_first_click(
    browser: httpx.AsyncClient, app_container: Container
) -> None:
    _, token = await ask_for_mail(browser, app_container)
    assert "portal_login" in browser.cookies
    opened = await browser.get(f"/login/link/{token}")
    assert opened.status_code == 303
    assert opened.headers["location"] == "/documents"
    assert "portal_session=" in opened.headers["set-cookie"]
    listing = await browser.get("/documents")
    assert listing.status_code == 200
    assert MAIL in listing.text


async def test_a_used_link_offers_a_new_one_to_the_masked_address_and_sends_it(
    browser: httpx.AsyncClient, other_browser: httpx.AsyncClient, app_container: Container
) -> None:
    await sign_in(browser, app_container)
    _, token = code_and_token(app_container, MAIL)
    used = await other_browser.get(f"/login/link/{token}")
    assert used.status_code == 200
    text = visible_text(used)
    assert "Linket er allerede brugt" in text
    assert MASKED in text
    assert MAIL not in used.text
    resent = await other_browser.post(f"/login/link/{token}/new", data={"csrf_token": csrf_of(used)})
    assert resent.status_code == 303
    assert resent.headers["location"] == "/login/code"
    assert await deliver_login_mail(app_container) == 1
    _, new_token = code_and_token(app_container, MAIL)
    assert new_token != token
    code_page = await other_browser.get("/login/code")
    assert MASKED in visible_text(code_page)
    assert MAIL not in code_page.text
    assert (await other_browser.get(f"/login/link/{new_token}")).status_code == 303  # bound to this browser


async def test_a_used_link_opened_while_signed_in_goes_to_the_documents(
    browser: httpx.AsyncClient, app_container: Container
) -> None:
    await sign_in(browser, app_container)
    _, token = code_and_token(app_container, MAIL)
    again = await browser.get(f"/login/link/{token}")
    assert (again.status_code, again.headers["location"]) == (303, "/documents")


async def test_an_expired_link_says_so_with_the_masked_address(
    browser: httpx.AsyncClient, app_container: Container, clock: FakeClock
) -> None:
    _, token = await ask_for_mail(browser, app_container)
    clock.advance(minutes=11)
    expired = await browser.get(f"/login/link/{token}")
    assert expired.status_code == 200
    assert "portal_session" not in browser.cookies
    text = visible_text(expired)
    assert "Linket er udløbet" in text
    assert MASKED in text
    assert f'action="/login/link/{token}/new"' in expired.text


async def test_an_unknown_link_asks_for_the_email(browser: httpx.AsyncClient) -> None:
    unknown = await browser.get("/login/link/not-a-real-token-at-all")
    assert unknown.status_code == 200
    assert "Linket er ikke gyldigt" in visible_text(unknown)
    assert 'name="email"' in unknown.text
    assert 'action="/login"' in unknown.text
    assert "•••" not in unknown.text


async def test_signing_in_with_the_code_goes_where_the_person_was_heading(
    browser: httpx.AsyncClient, app_container: Container
) -> None:
    token = await form_token(browser, "/login?next=%2Fdocuments%3Ftype%3Dinvoice")
    sent = await browser.post("/login", data={"csrf_token": token, "email": MAIL, "next": "/documents?type=invoice"})
    assert sent.headers["location"] == "/login/code?next=%2Fdocuments%3Ftype%3Dinvoice"
    await deliver_login_mail(app_container)
    code, _ = code_and_token(app_container, MAIL)
    page = await browser.get(sent.headers["location"])
    assert MAIL in visible_text(page)
    wrong = await browser.post(
        "/login/code", data={"csrf_token": csrf_of(page), "email": MAIL, "code": "000000", "next": "/documents"}
    )
    assert wrong.status_code == 400
    assert "Koden er forkert" in visible_text(wrong)
    right = await browser.post(
        "/login/code",
        data={
            "csrf_token": csrf_of(wrong),
            "email": MAIL,
            "code": f"{code[:3]} {code[3:]}",
            "next": "/documents?type=invoice",
        },
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/documents?type=invoice"
    assert (await browser.get("/documents")).status_code == 200


async def test_known_and_unknown_addresses_get_the_same_answer(browser: httpx.AsyncClient) -> None:
    token = await form_token(browser)
    known = await browser.post("/login", data={"csrf_token": token, "email": MAIL})
    unknown = await browser.post("/login", data={"csrf_token": token, "email": "nobody@example.dk"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"]
    assert [c.split("=")[0] for c in known.headers.get_list("set-cookie")] == [
        c.split("=")[0] for c in unknown.headers.get_list("set-cookie")
    ]


async def test_a_form_without_a_valid_csrf_token_is_refused_and_changes_nothing(
    browser: httpx.AsyncClient, app_container: Container
) -> None:
    await form_token(browser)
    for data in ({"email": MAIL}, {"email": MAIL, "csrf_token": "forged"}):
        refused = await browser.post("/login", data=data)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("text/html")
        assert "Formularen er udløbet" in visible_text(refused)
    assert await deliver_login_mail(app_container) == 0
    await sign_in(browser, app_container)
    assert (await browser.post("/logout", data={"csrf_token": "forged"})).status_code == 403
    assert (await browser.get("/documents")).status_code == 200  # still signed in
    listing = await browser.get("/documents")
    signed_out = await browser.post("/logout", data={"csrf_token": csrf_of(listing)})
    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == "/login?signed_out=1"
    assert (await browser.get("/documents")).status_code == 303
    assert "Du er logget ud" in visible_text(await browser.get("/login?signed_out=1"))


async def test_a_token_from_another_browser_does_not_pass(
    browser: httpx.AsyncClient, other_browser: httpx.AsyncClient
) -> None:
    token = await form_token(browser)
    await form_token(other_browser)
    assert (await other_browser.post("/login", data={"csrf_token": token, "email": MAIL})).status_code == 403


async def test_too_many_attempts_is_a_readable_429_that_never_tells_whether_the_address_exists(
    browser: httpx.AsyncClient,
) -> None:
    token = await form_token(browser)
    pages = {}
    for email in (MAIL, "nobody@example.dk"):
        answers = [await browser.post("/login", data={"csrf_token": token, "email": email}) for _ in range(4)]
        assert [a.status_code for a in answers] == [303, 303, 303, 429]
        pages[email] = answers[-1]
    limited = pages[MAIL]
    assert int(limited.headers["retry-after"]) > 0
    assert limited.headers["content-type"].startswith("text/html")
    text = visible_text(limited)
    assert "Der er foretaget for mange forsøg" in text
    assert "Prøv igen om 10 minutter" in text
    assert limited.text == pages["nobody@example.dk"].text
