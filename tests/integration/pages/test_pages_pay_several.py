"""Paying several invoices in one MobilePay payment through the pages (PRODUCT §13): `/pay` and the status page."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from infrastructure.container import Container
from infrastructure.mobilepay.simulator.state import SimulatorState
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.pages.pages_support import MAIL, csrf_of, sign_in, visible_text
from tests.integration.pages.payment_pages_support import recorded, settle_in_the_app, simulated_mobilepay

pytestmark = pytest.mark.integration
_PAYMENT = re.compile(r"^/payments/([0-9a-f-]{36})$")


@pytest.fixture
async def people(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone="+4520123456", locale="da"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk", phone="+4540404040"))
    return pg_container


@pytest.fixture
def mobilepay(people: Container) -> SimulatorState:
    return simulated_mobilepay(people)


@pytest.fixture
async def browser(people: Container, mobilepay: SimulatorState) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        await sign_in(client, people)
        yield client


async def _invoice(container: Container, number: str, price: int, issued: dt.date, **extra: object) -> uuid.UUID:
    record = document("invoice", number, issue_date=issued, lines=[line(unit_price=price)], **extra)
    return (await container.bus().handle(upsert_document(record))).id  # type: ignore[no-any-return]


async def _three(container: Container) -> list[uuid.UUID]:
    return [
        await _invoice(container, "INV-1", 100_00, dt.date(2026, 11, 2)),  # 125,00 kr.
        await _invoice(container, "INV-2", 40_00, dt.date(2026, 10, 20)),  # 50,00 kr., due first
        await _invoice(container, "INV-3", 8_00, dt.date(2026, 11, 10)),  # 10,00 kr.
    ]


async def test_the_page_lists_every_open_invoice_ticked_with_their_sum_and_the_list_links_it(
    people: Container, browser: httpx.AsyncClient
) -> None:
    ids = await _three(people)
    await _invoice(people, "INV-PAID", 8_00, dt.date(2026, 11, 1), paid=1_000)
    await _invoice(people, "INV-EUR", 8_00, dt.date(2026, 11, 1), currency="EUR")
    await _invoice(people, "INV-OTHER", 8_00, dt.date(2026, 11, 1), customer_no="C-3001")
    page = await browser.get("/pay")
    assert page.status_code == 200
    text = visible_text(page)
    for number in ("INV-1", "INV-2", "INV-3"):
        assert number in text
    for number in ("INV-PAID", "INV-EUR", "INV-OTHER"):
        assert number not in text
    assert page.text.count(" checked>") == 3
    assert "185,00" in text  # 125,00 + 50,00 + 10,00
    assert all(str(i) in page.text for i in ids)
    listed = await browser.get("/documents")
    assert 'href="/pay"' in listed.text
    only = await browser.get("/pay", params={"invoice": str(ids[1])})
    assert only.text.count(" checked>") == 1
    assert "50,00" in visible_text(only).split("Valgt i alt", 1)[1][:40]


async def test_paying_the_ticked_invoices_starts_one_payment_whose_page_shows_each_and_the_balance_after(
    people: Container, browser: httpx.AsyncClient, mobilepay: SimulatorState
) -> None:
    ids = await _three(people)
    form = await browser.get("/pay")
    started = await browser.post(
        "/pay",
        data={"csrf_token": csrf_of(form), "invoice": [str(ids[0]), str(ids[2])], "phone": "20 12 34 56"},
    )
    assert started.status_code == 303, started.text
    found = _PAYMENT.match(started.headers["location"])
    assert found is not None
    pending = await browser.get(started.headers["location"])
    text = visible_text(pending)
    assert "Betaling af 2 fakturaer" in text
    assert "INV-1" in text and "INV-3" in text and "INV-2" not in text
    assert "135,00" in text
    asked = mobilepay.find("123456", found.group(1))
    assert (asked.amount, asked.description) == (13_500, "Fakturaer INV-1, INV-3")
    await settle_in_the_app(people, mobilepay, found.group(1), approve=True)
    done = visible_text(await browser.get(started.headers["location"]))
    assert "Betalingen er gennemført" in done or "Betaling gennemført" in done
    assert done.count("Betalt") >= 2
    assert "Saldo som betaler for C-1001 nu: 50,00" in done  # only INV-2 is left
    completed = await recorded(people, "payment.completed")
    assert [a["number"] for a in completed[0]["data"]["allocations"]] == ["INV-1", "INV-3"]


async def test_nothing_ticked_or_an_invoice_already_waiting_shows_the_form_again_saying_why(
    people: Container, browser: httpx.AsyncClient
) -> None:
    ids = await _three(people)
    form = await browser.get("/pay")
    none = await browser.post("/pay", data={"csrf_token": csrf_of(form), "phone": "20123456"})
    assert none.status_code == 422
    assert "Sæt hak ved mindst én faktura" in visible_text(none)
    first = await browser.post("/pay", data={"csrf_token": csrf_of(form), "invoice": str(ids[1]), "phone": "20123456"})
    assert first.status_code == 303
    again = await browser.post(
        "/pay", data={"csrf_token": csrf_of(form), "invoice": [str(i) for i in ids], "phone": "20123456"}
    )
    assert again.status_code == 409
    assert "venter allerede på godkendelse" in visible_text(again)
    assert again.text.count(" checked>") == 2  # the waiting one is listed without a box
    bad_phone = await browser.post("/pay", data={"csrf_token": csrf_of(form), "invoice": str(ids[0]), "phone": "12"})
    assert bad_phone.status_code == 422
    assert 'aria-invalid="true"' in bad_phone.text
    foreign = await browser.post(
        "/pay", data={"csrf_token": csrf_of(form), "invoice": str(uuid.uuid4()), "phone": "20123456"}
    )
    assert foreign.status_code == 422
