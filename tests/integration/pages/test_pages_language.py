"""Danish and English pages (PRODUCT §4): `?lang=`, the `portal_lang` cookie, Accept-Language, the document's
locale, locale formatting, and no English left on a Danish page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.pages.pages_support import MAIL, ask_for_mail, sign_in, visible_text
from tests.integration.pages.payment_pages_support import payment_and_link_pages

pytestmark = pytest.mark.integration
ENGLISH_UI_WORDS = (
    "Sign in", "Sign out", "Your documents", "Invoice", "Quote", "Order", "Credit note", "Search", "Next page",
    "First page", "Outstanding", "Paid", "Overdue", "Due", "Customer", "Total", "Amount", "Description", "Quantity",
    "Unit price", "Discount", "Seller", "Vehicle", "Download", "Pay with", "Email", "Continue", "sign-in link",
    "the code", "Source", "Skip", "Balance", "Show", "Clear", "not found", "Too many", "Issue date", "Notes",
    "Related", "Lines", "expired", "already", "been used", "Check your", "Phone", "Colour", "Mileage", "Date",
    "You are", "incl.", "VAT", "Net", "Subtotal", "licence", "Free software",
)  # fmt: skip


@pytest.fixture
async def people(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, locale="da"))
    return pg_container


@pytest.fixture
async def browser(people: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        yield client


def _english_words_in(page: httpx.Response) -> list[str]:
    text = visible_text(page)
    return [w for w in ENGLISH_UI_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


async def test_danish_by_default_english_on_request_and_the_choice_is_remembered(browser: httpx.AsyncClient) -> None:
    danish = await browser.get("/login")
    assert '<html lang="da">' in danish.text
    assert "Log ind" in visible_text(danish)
    english = await browser.get("/login", headers={"accept-language": "en-GB,en;q=0.9,da;q=0.5"})
    assert '<html lang="en">' in english.text
    assert "Sign in" in visible_text(english)
    switched = await browser.get("/login?lang=en", headers={"accept-language": "da"})
    assert "Sign in" in visible_text(switched)
    assert "portal_lang=en" in switched.headers["set-cookie"]
    assert '<html lang="en">' in (await browser.get("/login", headers={"accept-language": "da"})).text
    back = await browser.get("/login?lang=da")
    assert "portal_lang=da" in back.headers["set-cookie"]
    assert '<html lang="da">' in (await browser.get("/login", headers={"accept-language": "en"})).text


async def test_the_language_links_keep_the_page_and_its_query(browser: httpx.AsyncClient, people: Container) -> None:
    await sign_in(browser, people)
    page = await browser.get("/documents?type=invoice&q=INV")
    assert 'href="/documents?type=invoice&amp;q=INV&amp;lang=en"' in page.text
    assert 'href="/documents?type=invoice&amp;q=INV&amp;lang=da"' in page.text


async def test_a_document_without_any_other_hint_is_shown_in_its_own_locale(
    browser: httpx.AsyncClient, people: Container
) -> None:
    english_doc = await people.bus().handle(
        upsert_document(document("invoice", "INV-EN", locale="en", lines=[line(unit_price=224_550)]))
    )
    await sign_in(browser, people)
    page = await browser.get(f"/documents/{english_doc.id}")
    assert '<html lang="en">' in page.text
    text = visible_text(page)
    assert "Total incl. VAT" in text
    assert "DKK\xa02,806.88" in text
    assert "Invoice INV-EN" in text
    danish = await browser.get(f"/documents/{english_doc.id}", headers={"accept-language": "da"})
    assert "2.806,88\xa0kr." in visible_text(danish)


async def test_no_english_is_left_on_danish_pages(browser: httpx.AsyncClient, people: Container) -> None:
    bus = people.bus()
    await bus.handle(upsert_customer(customer_no="C-2001", email=MAIL, name="Firma ApS"))
    doc = await bus.handle(
        upsert_document(
            document(
                "invoice",
                "INV-1",
                bill_to_no="C-2001",
                vehicle={"registration_no": "AB12345", "vin": "WVWZZZ1KZ8W000001", "make": "VW", "colour": "Grå"},
                lines=[line(description="Olieskift", discount_percent="5", unit="stk")],
                notes="Tak for handlen.",
                related=[],
            )
        )
    )
    await bus.handle(upsert_document(document("credit_note", "CN-1", related=[{"type": "invoice", "number": "INV-1"}])))
    async with asgi_client(create_app(people)) as other:
        _, token = await ask_for_mail(browser, people)
        pages = {
            "login": await browser.get("/login"),
            "code": await browser.get("/login/code"),
            "continue": await other.get(f"/login/link/{token}"),
            "unknown link": await browser.get("/login/link/unknown"),
        }
        assert (await browser.get(f"/login/link/{token}")).status_code == 303
        pages |= {
            "used link": await other.get(f"/login/link/{token}"),
            "list": await browser.get("/documents"),
            "empty list": await browser.get("/documents?q=zzz"),
            "detail": await browser.get(f"/documents/{doc.id}"),
            "not found": await browser.get("/documents/nope"),
            "csrf": await browser.post("/logout", data={}),
            "mail": await browser.get("/dev/mail"),
        }
        pages |= await payment_and_link_pages(people, browser, other)
    for name, page in pages.items():
        assert '<html lang="da">' in page.text, name
        assert _english_words_in(page) == [], name
