"""The direct document link's pages over ASGI on PostgreSQL (PRODUCT §7, §12): `/l/{token}` in every outcome."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import pytest

from application.commands.links.revoke_link import RevokeLink
from application.commands.links.share_document_link import SharedLink, ShareDocumentLink
from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, upsert_customer, upsert_document
from tests.fakes import FakeClock
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail
from tests.integration.pages.pages_support import MAIL, csrf_of, sign_in, visible_text

pytestmark = pytest.mark.integration
MASKED = "m•••@example.dk"
_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


@pytest.fixture
async def people(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, locale="da"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="firma@example.dk"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk"))
    return pg_container


@pytest.fixture
async def invoice(people: Container) -> uuid.UUID:
    result = await people.bus().handle(upsert_document(document("invoice", "INV-1", bill_to_no="C-2001")))
    return result.id  # type: ignore[no-any-return]


@pytest.fixture
async def shared(people: Container, invoice: uuid.UUID) -> SharedLink:
    link: SharedLink = await people.bus().handle(ShareDocumentLink(type="invoice", number="INV-1"))
    return link


@pytest.fixture
async def browser(people: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        yield client


@pytest.fixture
async def other_browser(people: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        yield client


def _path(link: SharedLink) -> str:
    return "/l/" + link.url.rsplit("/l/", 1)[1]


def _form(page: httpx.Response) -> dict[str, str]:
    """What the browser sends with the page's (last) form: its hidden fields, the CSRF token among them."""
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page.text)}


async def test_signed_in_as_the_party_the_link_lands_on_the_document(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink, invoice: uuid.UUID
) -> None:
    await sign_in(browser, people)
    opened = await browser.get(_path(shared))
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/documents/{invoice}"
    assert (await browser.get(opened.headers["location"])).status_code == 200


async def test_signed_in_as_someone_else_the_link_is_the_same_not_found_as_any_foreign_document(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink, invoice: uuid.UUID
) -> None:
    await sign_in(browser, people, "other@example.dk")
    opened = await browser.get(_path(shared))
    foreign = await browser.get(f"/documents/{invoice}")
    assert opened.status_code == foreign.status_code == 404
    assert visible_text(opened) == visible_text(foreign)
    assert MASKED not in opened.text
    assert MAIL not in opened.text


async def test_signed_out_one_click_mails_a_code_to_the_party_and_the_code_lands_on_the_document(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink, invoice: uuid.UUID
) -> None:
    offer = await browser.get(_path(shared))
    assert offer.status_code == 200
    assert f"Vi sender en kode til <strong>{MASKED}</strong>." in offer.text
    assert MAIL not in offer.text
    assert "portal_session" not in offer.headers.get("set-cookie", "")
    english = await browser.get(f"{_path(shared)}?lang=en")
    assert f"We will send a code to <strong>{MASKED}</strong>." in english.text
    offer = await browser.get(f"{_path(shared)}?lang=da")
    assert await deliver_login_mail(people) == 0  # a GET (a mail scanner, say) sends nothing
    sent = await browser.post(_path(shared), data=_form(offer))
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/login/code?next={quote(f'/documents/{invoice}', safe='')}"
    assert "portal_login" in browser.cookies
    assert await deliver_login_mail(people) == 1
    code, _ = code_and_token(people, MAIL)
    code_page = await browser.get(sent.headers["location"])
    assert MASKED in visible_text(code_page)
    assert f'name="next" value="/documents/{invoice}"' in code_page.text
    assert 'name="email"' not in code_page.text  # the code alone: the address stays with the browser that asked
    signed_in = await browser.post(
        "/login/code", data={"csrf_token": csrf_of(code_page), "code": code, "next": f"/documents/{invoice}"}
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == f"/documents/{invoice}"
    assert (await browser.get(f"/documents/{invoice}")).status_code == 200


async def test_the_code_alone_signs_in_only_the_browser_that_asked_for_it(
    browser: httpx.AsyncClient, other_browser: httpx.AsyncClient, people: Container, shared: SharedLink
) -> None:
    offer = await browser.get(_path(shared))
    await browser.post(_path(shared), data=_form(offer))
    assert await deliver_login_mail(people) == 1
    code, _ = code_and_token(people, MAIL)
    elsewhere = await other_browser.get("/login/code")
    refused = await other_browser.post("/login/code", data={"csrf_token": csrf_of(elsewhere), "code": code})
    assert refused.status_code == 400  # another browser must give the address too
    assert "portal_session" not in refused.headers.get("set-cookie", "")
    here = await browser.get("/login/code")
    assert (await browser.post("/login/code", data={"csrf_token": csrf_of(here), "code": code})).status_code == 303


async def test_the_link_in_the_mail_lands_on_the_document_in_one_click(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink, invoice: uuid.UUID
) -> None:
    offer = await browser.get(_path(shared))
    await browser.post(_path(shared), data=_form(offer))
    await deliver_login_mail(people)
    _, token = code_and_token(people, MAIL)
    opened = await browser.get(f"/login/link/{token}")
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/documents/{invoice}"


@pytest.mark.parametrize("how", ["expired", "revoked"])
async def test_an_expired_or_revoked_link_is_a_404_that_reveals_nothing_but_offers_a_fresh_link(
    browser: httpx.AsyncClient,
    people: Container,
    shared: SharedLink,
    invoice: uuid.UUID,
    clock: FakeClock,
    how: str,
) -> None:
    if how == "expired":
        clock.advance(days=31)
    else:
        await people.bus().handle(RevokeLink(id=shared.id))
    page = await browser.get(_path(shared))
    assert page.status_code == 404
    text = visible_text(page)
    assert "Linket kan ikke længere bruges" in text
    assert "Send mig et nyt link" in text
    assert f'action="{_path(shared)}/fresh"' in page.text
    for secret in (MASKED, MAIL, "INV-1", str(invoice)):
        assert secret not in page.text
    sent = await browser.post(f"{_path(shared)}/fresh", data={"csrf_token": csrf_of(page)})
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login/code"
    code_page = await browser.get("/login/code")
    assert MASKED not in code_page.text  # the browser still learns nothing about the address
    assert await deliver_login_mail(people) == 1
    _, token = code_and_token(people, MAIL)
    opened = await browser.get(f"/login/link/{token}")
    assert opened.headers["location"] == f"/documents/{invoice}"


async def test_a_tampered_or_unknown_link_is_the_plain_not_found_page(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink
) -> None:
    path = _path(shared)
    for tampered in (path[:-2] + ("xx" if not path.endswith("xx") else "yy"), "/l/nonsense", "/l/a.b.c"):
        page = await browser.get(tampered)
        assert page.status_code == 404, tampered
        assert "Siden findes ikke" in visible_text(page)
        assert "/fresh" not in page.text
        assert MASKED not in page.text


async def test_without_a_valid_csrf_token_no_mail_is_sent(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink
) -> None:
    await browser.get(_path(shared))
    for path in (_path(shared), f"{_path(shared)}/fresh"):
        for token in ({}, {"csrf_token": "forged"}):
            refused = await browser.post(path, data=token)
            assert refused.status_code == 403
            assert "Formularen er udløbet" in visible_text(refused)
    assert await deliver_login_mail(people) == 0


async def test_the_forms_echoed_fields_cannot_send_the_browser_elsewhere(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink
) -> None:
    offer = await browser.get(_path(shared))
    forged = _form(offer) | {"document": "//evil.example/x", "masked": "x" * 5000}
    sent = await browser.post(_path(shared), data=forged)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login/code"
    assert len(sent.headers["set-cookie"]) < 4096


async def _code_page_of_the_link(browser: httpx.AsyncClient, people: Container, shared: SharedLink) -> httpx.Response:
    """The masked code page after one click on the signed-out link; its first mail delivered."""
    offer = await browser.get(_path(shared))
    sent = await browser.post(_path(shared), data=_form(offer))
    assert await deliver_login_mail(people) == 1
    return await browser.get(sent.headers["location"])


async def test_send_a_new_code_mails_the_address_the_browser_asked_for_without_showing_or_asking_for_it(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink, invoice: uuid.UUID, clock: FakeClock
) -> None:
    code_page = await _code_page_of_the_link(browser, people, shared)
    first, _ = code_and_token(people, MAIL)
    assert 'action="/login/code/new"' in code_page.text
    assert "Send en ny kode" in visible_text(code_page)
    assert 'name="email"' not in code_page.text
    assert MAIL not in code_page.text
    clock.advance(minutes=11)  # the first code has expired: the reason to ask for a new one
    resent = await browser.post("/login/code/new", data=_form(code_page))
    assert resent.status_code == 303
    assert resent.headers["location"] == f"/login/code?resent=1&next={quote(f'/documents/{invoice}', safe='')}"
    assert await deliver_login_mail(people) == 1
    assert len(people.embedded_smtp().messages_to(MAIL)) == 2  # at the SMTP server
    second, _ = code_and_token(people, MAIL)
    page = await browser.get(resent.headers["location"])
    text = " ".join(visible_text(page).split())
    assert f"En ny e-mail med en ny kode er på vej til {MASKED} . Brug koden fra den nyeste e-mail." in text
    assert MAIL not in page.text
    stale = await browser.post("/login/code", data=_form(page) | {"code": first})
    assert stale.status_code == 400  # the expired first code stays refused
    signed_in = await browser.post("/login/code", data=_form(page) | {"code": second})
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == f"/documents/{invoice}"


async def test_send_a_new_code_answers_alike_when_nothing_can_be_sent(
    browser: httpx.AsyncClient, other_browser: httpx.AsyncClient, people: Container, shared: SharedLink
) -> None:
    code_page = await _code_page_of_the_link(browser, people, shared)
    sent = await browser.post("/login/code/new", data=_form(code_page))
    elsewhere = await other_browser.get("/login/code")
    nothing = await other_browser.post("/login/code/new", data={"csrf_token": csrf_of(elsewhere)})
    assert (nothing.status_code, nothing.headers["location"]) == (sent.status_code, "/login/code?resent=1")
    assert sorted(nothing.headers.get_list("set-cookie")) == sorted(sent.headers.get_list("set-cookie"))
    assert await deliver_login_mail(people) == 1  # only the browser that asked got a new mail
    assert len(people.embedded_smtp().messages_to(MAIL)) == 2


async def test_send_a_new_code_counts_against_the_address_s_sign_in_limit(
    browser: httpx.AsyncClient, people: Container, shared: SharedLink
) -> None:
    code_page = await _code_page_of_the_link(browser, people, shared)  # the first of 3 mails in 10 minutes
    for _ in range(2):
        assert (await browser.post("/login/code/new", data=_form(code_page))).status_code == 303
    refused = await browser.post("/login/code/new", data=_form(code_page))
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "For mange forsøg" in visible_text(refused)
    assert MAIL not in refused.text
    assert await deliver_login_mail(people) == 2
