"""The statement of account as a page over ASGI on PostgreSQL (PRODUCT §13): linked from each balance on the list,
Danish and English, a PDF download, the same 404 page for a record that is not the person's."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.pages.pages_support import MAIL, sign_in, visible_text

pytestmark = pytest.mark.integration
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
async def browser(pg_container: Container, clock: Any) -> AsyncIterator[httpx.AsyncClient]:
    clock.set(NOW)
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, name="Mette Jensen"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk", name="Anden Kunde"))
    today = NOW.date()
    for record in (
        document("invoice", "INV-10021", issue_date=today - dt.timedelta(days=60)),
        document("invoice", "INV-10023", issue_date=today - dt.timedelta(days=3), lines=[line(unit_price=2_000_00)]),
        document("invoice", "INV-EUR", issue_date=today - dt.timedelta(days=3), currency="EUR"),
        document("credit_note", "CN-7001", issue_date=today - dt.timedelta(days=2), lines=[line(unit_price=40_00)]),
        document("invoice", "INV-9", customer_no="C-3001"),
    ):
        await bus.handle(upsert_document(record))
    async with asgi_client(create_app(pg_container)) as client:
        yield client


async def test_each_balance_on_the_list_links_to_its_statement(
    browser: httpx.AsyncClient, pg_container: Container
) -> None:
    assert (await browser.get("/statements/C-1001")).headers["location"] == "/login?next=%2Fstatements%2FC-1001"
    await sign_in(browser, pg_container)
    listing = await browser.get("/documents")
    assert 'href="/statements/C-1001?currency=DKK"' in listing.text
    assert 'href="/statements/C-1001?currency=EUR"' in listing.text


async def test_the_page_shows_the_open_items_the_ageing_and_the_balance(
    browser: httpx.AsyncClient, pg_container: Container
) -> None:
    await sign_in(browser, pg_container)
    page = await browser.get("/statements/C-1001?currency=DKK")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    text = visible_text(page)
    for expected in (
        "Kontoudtog",
        "Mette Jensen",
        "INV-10021",
        "INV-10023",
        "CN-7001",
        "46 dage over forfald",
        "Ikke forfaldent",
        "2.500,00\xa0kr.",
        "Ubrugt kredit",
        "-50,00\xa0kr.",
        "2.575,00\xa0kr.",  # 125,00 + 2.500,00 − 50,00
        "Saldo pr. 4. dec. 2026",
        "Heraf er 125,00\xa0kr. forfaldent",
    ):
        assert expected in text, expected
    assert "INV-EUR" not in text and "INV-9" not in text
    assert 'href="/api/v1/statements/C-1001/pdf?currency=DKK" download' in page.text
    assert 'href="/statements/C-1001?currency=EUR"' in page.text  # the record also owes euros
    euros = visible_text(await browser.get("/statements/C-1001?currency=EUR&lang=en"))
    assert "Statement of account" in euros and "INV-EUR" in euros and "INV-10021" not in euros
    assert "Balance as of 4 Dec 2026" in euros
    assert "€125.00" in euros or "EUR\xa0125.00" in euros
    default = visible_text(await browser.get("/statements/C-1001?currency=SEK"))  # not ours: the market's
    assert "INV-10021" in default


async def test_a_record_that_is_not_the_person_s_is_the_not_found_page(
    browser: httpx.AsyncClient, pg_container: Container
) -> None:
    await sign_in(browser, pg_container)
    for path in ("/statements/C-3001", "/statements/C-404"):
        page = await browser.get(path)
        assert page.status_code == 404, path
        assert "INV-9" not in page.text
