"""The document pages over ASGI on PostgreSQL (PRODUCT §4, §12): list, filters, search, pages, detail, 404."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from application.commands.documents.withdraw_document import WithdrawDocument
from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.pages.pages_support import MAIL, ask_for_mail, sign_in, visible_text

pytestmark = pytest.mark.integration
_ROW_LINK = re.compile(r'class="doc-table__number" href="/documents/([0-9a-f-]{36})">([^<]+)</a>')
VEHICLE = {"registration_no": "AB12345", "vin": "WVWZZZ1KZ8W000001", "make": "Volkswagen", "model": "Golf"}


def rows(page: httpx.Response) -> list[str]:
    """The numbers in the list of all documents (the default view's "to pay" group above it repeats invoices)."""
    return [number for _, number in _ROW_LINK.findall(page.text.split('id="all-documents"', 1)[-1])]


def to_pay(page: httpx.Response) -> list[str]:
    group = page.text.split('id="to-pay-heading"', 1)[-1].split('id="all-documents"', 1)[0]
    return [number for _, number in _ROW_LINK.findall(group)] if 'id="to-pay-heading"' in page.text else []


async def _seed(container: Container, *records: dict[str, Any]) -> list[Any]:
    return [await container.bus().handle(upsert_document(r)) for r in records]


@pytest.fixture
async def people(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, locale="da", name="Mette Jensen"))
    await bus.handle(upsert_customer(customer_no="C-2001", email=MAIL, name="Jensen Transport ApS"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk", name="Anden Kunde"))
    return pg_container


@pytest.fixture
async def browser(people: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        yield client


async def test_pages_that_need_a_session_send_the_person_to_sign_in_and_remember_where(
    browser: httpx.AsyncClient, people: Container
) -> None:
    (mine,) = await _seed(people, document("invoice", "INV-1"))
    assert (await browser.get("/")).headers["location"] == "/documents"
    for path, expected in (
        ("/documents?type=invoice", "/login?next=%2Fdocuments%3Ftype%3Dinvoice"),
        (f"/documents/{mine.id}", f"/login?next=%2Fdocuments%2F{mine.id}"),
    ):
        answer = await browser.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"] == expected
    login = await browser.get(f"/login?next=%2Fdocuments%2F{mine.id}")
    assert f'name="next" value="/documents/{mine.id}"' in login.text
    assert 'name="next" value="//evil.example"' not in (await browser.get("/login?next=//evil.example")).text


async def test_the_list_shows_type_names_status_role_amounts_and_each_records_balance(
    browser: httpx.AsyncClient, people: Container
) -> None:
    await _seed(
        people,
        document("invoice", "INV-1", lines=[line(unit_price=224_550)], issue_date=dt.date(2026, 11, 2)),
        document("quote", "Q-1", customer_no="C-3001", bill_to_no="C-2001", issue_date=dt.date(2026, 11, 3)),
        document("credit_note", "CN-1", customer_no="C-2001", issue_date=dt.date(2026, 10, 1)),
        document("invoice", "INV-9", customer_no="C-3001"),
    )
    await sign_in(browser, people)
    listing = await browser.get("/documents")
    assert rows(listing) == ["Q-1", "INV-1", "CN-1"]
    assert to_pay(listing) == ["INV-1"]  # the default view's group on top: what is left to pay, overdue first
    assert to_pay(await browser.get("/documents?type=quote")) == []  # not when filtering
    text = visible_text(listing)
    for label in ("Tilbud", "Faktura", "Kreditnota", "Du betaler", "Til dig", "Forfalden", "2.806,88\xa0kr."):
        assert label in text, label
    assert 'class="badge badge--invoice">Faktura<' in listing.text
    assert "Mette Jensen" in text
    assert "Jensen Transport ApS" in text
    assert 'id="customer"' in listing.text  # several records: a customer filter


async def test_filters_search_and_keyset_pages(browser: httpx.AsyncClient, people: Container) -> None:
    start = dt.date(2026, 9, 1)
    await _seed(
        people,
        *[document("invoice", f"INV-{n:03d}", issue_date=start + dt.timedelta(days=n)) for n in range(27)],
        document("order", "ORD-1", issue_date=start, vehicle=VEHICLE),
        document("quote", "Q-1", customer_no="C-2001", issue_date=start),
    )
    await sign_in(browser, people)
    first = await browser.get("/documents")
    assert len(rows(first)) == 25
    assert rows(first)[0] == "INV-026"
    next_link = re.search(r'href="(/documents\?cursor=[^"]+)" rel="next"', first.text)
    assert next_link is not None
    second = await browser.get(next_link.group(1).replace("&amp;", "&"))
    assert rows(second) == ["INV-001", "Q-1", "ORD-1", "INV-000"]  # same date: number desc by code point
    assert 'rel="next"' not in second.text
    assert "Første side" in visible_text(second)
    assert rows(await browser.get("/documents?type=order")) == ["ORD-1"]
    assert rows(await browser.get("/documents?q=ab12345")) == ["ORD-1"]
    assert rows(await browser.get("/documents?q=INV-007")) == ["INV-007"]
    assert rows(await browser.get("/documents?customer=C-2001")) == ["Q-1"]
    assert len(rows(await browser.get("/documents?status=overdue"))) == 25
    assert rows(await browser.get("/documents?type=nonsense&customer=C-3001")) == rows(first)  # ignored
    empty = await browser.get("/documents?q=nothing-like-this")
    assert rows(empty) == []
    assert "Ingen dokumenter passer" in visible_text(empty)
    filtered = await browser.get("/documents?type=invoice&q=INV")
    next_filtered = re.search(r'href="(/documents\?[^"]+)" rel="next"', filtered.text)
    assert next_filtered is not None
    assert "type=invoice" in next_filtered.group(1)
    assert "q=INV" in next_filtered.group(1)
    bad = await browser.get("/documents?cursor=garbage!")  # no error page: the list starts over (below)
    assert (bad.status_code, bad.headers["location"]) == (303, "/documents")


async def test_the_detail_shows_everything_and_offers_pdf_and_mobilepay(
    browser: httpx.AsyncClient, people: Container
) -> None:
    order, invoice, paid, euro = await _seed(
        people,
        document("order", "ORD-5", issue_date=dt.date(2026, 10, 1)),
        document(
            "invoice",
            "INV-10023",
            bill_to_no="C-2001",
            vehicle=VEHICLE | {"first_registration": "2021-03-01", "mileage_km": 45210, "colour": "Grå"},
            lines=[
                line(unit_price=249_500, discount_percent="10", description="Service 60.000 km", item_no="SRV-100"),
                line(unit_price=10_000, vat_rate="0", description="Miljøafgift", quantity="2", unit="stk"),
            ],
            related=[{"type": "order", "number": "ORD-5"}],
            notes="Betaling 14 dage netto.",
            paid=10_000,
        ),
        document("invoice", "INV-PAID", paid=12_500),
        document("invoice", "INV-EUR", currency="EUR"),
    )
    await sign_in(browser, people)
    page = await browser.get(f"/documents/{invoice.id}")
    assert page.status_code == 200
    text = visible_text(page)
    for expected in (
        "Faktura INV-10023",
        "Service 60.000 km",
        "SRV-100",
        "Miljøafgift",
        "2.495,00\xa0kr.",  # unit price
        "249,50\xa0kr.",  # discount
        "Moms 25\xa0%",
        "Moms 0\xa0%",
        "561,38\xa0kr.",  # VAT at 25 %
        "I alt inkl. moms",
        "3.006,88\xa0kr.",  # total
        "100,00\xa0kr.",  # paid
        "2.906,88\xa0kr.",  # outstanding
        "Forfalden",
        "AB12345",
        "WVWZZZ1KZ8W000001",
        "Volkswagen Golf",
        "45.210 km",
        "Nordvej Biler ApS",
        "Mette Jensen",
        "Jensen Transport ApS",
        "Betaling 14 dage netto.",
    ):
        assert expected in text, expected
    assert "Betaler" in text  # bill-to shown because it differs
    assert f'href="/documents/{order.id}">ORD-5</a>' in page.text
    assert f'href="/api/v1/documents/{invoice.id}/pdf"' in page.text
    assert f'href="/documents/{invoice.id}/pay"' in page.text
    assert "Betal med MobilePay" in text
    for other in (paid, euro):
        detail = await browser.get(f"/documents/{other.id}")
        assert detail.status_code == 200
        assert "/pay" not in detail.text


async def test_unknown_foreign_withdrawn_and_malformed_ids_are_the_same_readable_404(
    browser: httpx.AsyncClient, people: Container
) -> None:
    foreign, withdrawn = await _seed(
        people, document("invoice", "INV-X", customer_no="C-3001"), document("invoice", "INV-W")
    )
    await people.bus().handle(WithdrawDocument(type="invoice", number="INV-W"))
    await sign_in(browser, people)
    answers = [
        await browser.get(f"/documents/{ident}")
        for ident in (foreign.id, withdrawn.id, "00000000-0000-4000-8000-000000000000", "not-an-id")
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({visible_text(a) for a in answers}) == 1
    assert "Siden findes ikke" in visible_text(answers[0])
    assert answers[0].headers["content-type"].startswith("text/html")


async def test_an_unknown_address_is_a_page_for_browsers_and_problem_json_for_programs(
    browser: httpx.AsyncClient,
) -> None:
    page = await browser.get("/no/such/page", headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404
    assert "Siden findes ikke" in visible_text(page)
    program = await browser.get("/no/such/page", headers={"accept": "application/json"})
    assert program.status_code == 404
    assert program.headers["content-type"].startswith("application/problem+json")
    api = await browser.get("/api/v1/nothing", headers={"accept": "text/html"})
    assert api.headers["content-type"].startswith("application/problem+json")


async def test_every_page_links_the_source_and_has_no_inline_script_or_style(
    browser: httpx.AsyncClient, people: Container
) -> None:
    (doc,) = await _seed(people, document("invoice", "INV-1"))
    pages = [await browser.get("/login"), await browser.get("/login/code"), await browser.get("/login/link/x")]
    await sign_in(browser, people)
    pages += [
        await browser.get("/documents"),
        await browser.get(f"/documents/{doc.id}"),
        await browser.get("/dev/mail"),
    ]
    source = people.settings().source_link
    for page in pages:
        assert f'href="{source}"' in page.text
        assert "<script" not in page.text
        assert "style=" not in page.text
        assert "<style" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"


async def test_dev_mail_lists_the_captured_mail_newest_first(browser: httpx.AsyncClient, people: Container) -> None:
    await ask_for_mail(browser, people)
    await ask_for_mail(browser, people)
    mails = (await browser.get("/dev/mail.json")).json()
    assert [m["to"] for m in mails] == [[MAIL], [MAIL]]
    assert mails[0]["id"] > mails[1]["id"]
    assert mails[0]["subject"] == "Log ind hos Kundeportal"
    page = await browser.get("/dev/mail")
    assert page.status_code == 200
    assert visible_text(page).count("Log ind hos Kundeportal") == 2


async def test_a_long_invoice_shows_its_first_lines_and_a_link_to_all_of_them(
    browser: httpx.AsyncClient, people: Container
) -> None:
    lines = [line(unit_price=1_000 + n, description=f"Linje nummer {n}") for n in range(1, 13)]
    (long,) = await _seed(people, document("invoice", "INV-LONG", lines=lines))
    await sign_in(browser, people)
    first = await browser.get(f"/documents/{long.id}")
    shown = visible_text(first)
    assert "Linje nummer 10" in shown
    assert "Linje nummer 11" not in shown
    assert f'href="/documents/{long.id}?lines=all#lines-heading">Vis alle 12 linjer</a>' in first.text
    everything = visible_text(await browser.get(f"/documents/{long.id}?lines=all"))
    assert "Linje nummer 12" in everything
    assert "Vis alle" not in everything


async def test_a_cursor_the_list_never_gave_out_starts_the_list_over(
    browser: httpx.AsyncClient, people: Container
) -> None:
    await _seed(people, document("invoice", "INV-1"))
    await sign_in(browser, people)
    answer = await browser.get("/documents?type=invoice&cursor=not-a-cursor")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/documents?type=invoice"
    assert rows(await browser.get(answer.headers["location"])) == ["INV-1"]
