"""The MobilePay payment form over ASGI on PostgreSQL (PRODUCT §6.1, §6.2, §12): `/documents/{id}/pay`."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from infrastructure.container import Container
from infrastructure.mobilepay.simulator.state import SimulatorState
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.pages.pages_support import MAIL, csrf_of, sign_in, visible_text
from tests.integration.pages.payment_pages_support import recorded, simulated_mobilepay

pytestmark = pytest.mark.integration
PHONE = "+4520123456"
BILL_TO_PHONE = "+4531234567"
_PAYMENT = re.compile(r"^/payments/([0-9a-f-]{36})$")


@pytest.fixture
async def people(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone=PHONE, locale="da"))
    await bus.handle(upsert_customer(customer_no="C-2001", email="firma@example.dk", phone=BILL_TO_PHONE))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk", phone="+4540404040"))
    return pg_container


@pytest.fixture
def mobilepay(people: Container) -> SimulatorState:
    return simulated_mobilepay(people)


@pytest.fixture
async def browser(people: Container, mobilepay: SimulatorState) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        yield client


async def _invoice(container: Container, number: str = "INV-1", **extra: Any) -> uuid.UUID:
    record = document("invoice", number, lines=[line(unit_price=224_550)], **extra)  # 2.806,88 kr. incl. VAT
    result = await container.bus().handle(upsert_document(record))
    return result.id  # type: ignore[no-any-return]


async def _pay(browser: httpx.AsyncClient, invoice: uuid.UUID, amount: str, phone: str = PHONE) -> httpx.Response:
    form = await browser.get(f"/documents/{invoice}/pay")
    return await browser.post(
        f"/documents/{invoice}/pay", data={"csrf_token": csrf_of(form), "amount": amount, "phone": phone}
    )


async def test_the_form_shows_the_outstanding_and_the_phone_of_the_record_and_records_the_opening(
    browser: httpx.AsyncClient, people: Container
) -> None:
    invoice = await _invoice(people, paid=688)
    await sign_in(browser, people)
    page = await browser.get(f"/documents/{invoice}/pay")
    assert page.status_code == 200
    assert 'name="amount"' in page.text
    assert 'value="2.800,00"' in page.text  # the outstanding, as a Dane writes it
    assert f'value="{PHONE}"' in page.text
    assert "Betal faktura INV-1" in visible_text(page)
    assert 'name="csrf_token"' in page.text
    assert 'autocomplete="tel"' in page.text
    english = await browser.get(f"/documents/{invoice}/pay?lang=en")
    assert 'value="2,800.00"' in english.text
    opened = await recorded(people, "payment.page_opened")
    assert len(opened) == 2
    assert opened[0]["document"] == {"id": str(invoice), "type": "invoice", "number": "INV-1"}
    assert opened[0]["party"] == "C-1001"


async def test_the_bill_to_sees_the_phone_of_its_own_record(browser: httpx.AsyncClient, people: Container) -> None:
    invoice = await _invoice(people, customer_no="C-3001", bill_to_no="C-2001")
    await sign_in(browser, people, "firma@example.dk")
    page = await browser.get(f"/documents/{invoice}/pay")
    assert f'value="{BILL_TO_PHONE}"' in page.text
    assert "+4540404040" not in page.text


@pytest.mark.parametrize("typed", ["2.806,88", "2806.88", "2806,88", "2 806,88 kr.", "DKK 2,806.88"])
async def test_confirming_starts_the_payment_and_shows_its_page(
    browser: httpx.AsyncClient, people: Container, mobilepay: SimulatorState, typed: str
) -> None:
    invoice = await _invoice(people)
    await sign_in(browser, people)
    answer = await _pay(browser, invoice, typed, phone="20 12 34 56")
    assert answer.status_code == 303, answer.text
    found = _PAYMENT.match(answer.headers["location"])
    assert found is not None
    payment = (await browser.get(f"/api/v1/payments/{found.group(1)}")).json()
    assert payment["amount"] == 280_688
    assert payment["status"] == "pending"
    (requested,) = mobilepay.pending_payments("4520123456")  # the push message went to the phone at once
    assert requested.reference == found.group(1)


async def test_a_smaller_amount_is_accepted(browser: httpx.AsyncClient, people: Container) -> None:
    invoice = await _invoice(people)
    await sign_in(browser, people)
    answer = await _pay(browser, invoice, "1.000,50")
    assert answer.status_code == 303
    payment = (await browser.get(f"/api/v1/payments/{answer.headers['location'].rsplit('/', 1)[1]}")).json()
    assert payment["amount"] == 100_050


@pytest.mark.parametrize(
    ("amount", "phone", "field", "message"),
    [
        ("abc", PHONE, "amount", "Skriv beløbet som et tal, fx 1.234,50."),
        ("2.806,89", PHONE, "amount", "Skriv et beløb over 0 og højst 2.806,88\xa0kr. (det udestående)."),
        ("0", PHONE, "amount", "Skriv et beløb over 0 og højst 2.806,88\xa0kr. (det udestående)."),
        ("12,3456", PHONE, "amount", "Skriv beløbet som et tal"),
        ("100", "+4586000000", "phone", "Skriv et mobilnummer, der bruger MobilePay"),
        ("100", "nope", "phone", "Skriv et mobilnummer, der bruger MobilePay"),
    ],
)
async def test_a_bad_amount_or_phone_shows_the_form_again_with_the_message_by_the_field(
    browser: httpx.AsyncClient,
    people: Container,
    mobilepay: SimulatorState,
    amount: str,
    phone: str,
    field: str,
    message: str,
) -> None:
    invoice = await _invoice(people)
    await sign_in(browser, people)
    answer = await _pay(browser, invoice, amount, phone)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert message in visible_text(answer)
    assert f'id="{field}-error"' in answer.text
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text)
    assert f'value="{amount}"' in answer.text  # what was typed stays
    assert 'href="/documents/' in answer.text
    assert f"/documents/{invoice}/pay?lang=en" in answer.text  # the language links lead back to the form
    assert mobilepay.pending_payments() == []
    assert (await browser.get(f"/api/v1/documents/{invoice}")).json()["outstanding"] == 280_688


async def test_an_unfinished_payment_is_explained_instead_of_starting_a_second(
    browser: httpx.AsyncClient, people: Container, mobilepay: SimulatorState
) -> None:
    invoice = await _invoice(people)
    await sign_in(browser, people)
    first = await _pay(browser, invoice, "100")
    again = await _pay(browser, invoice, "200")
    assert again.status_code == 409  # not a silent redirect: the page says what is waiting, with Open and Cancel
    waiting = first.headers["location"]
    assert f'href="{waiting}"' in again.text
    assert f'action="{waiting}/cancel"' in again.text
    assert "is waiting for approval in MobilePay" in visible_text(again) or "venter på godkendelse" in again.text
    assert 'name="amount"' not in again.text  # no second form until the waiting one is cancelled
    assert len(mobilepay.pending_payments()) == 1
    opened = await browser.get(f"/documents/{invoice}/pay")
    assert f'action="{waiting}/cancel"' in opened.text


async def test_what_cannot_be_paid_says_why_and_starts_nothing(
    browser: httpx.AsyncClient, people: Container, mobilepay: SimulatorState
) -> None:
    paid = await _invoice(people, "INV-PAID", paid=280_688)
    euro = await _invoice(people, "INV-EUR", currency="EUR")
    order = (await people.bus().handle(upsert_document(document("order", "ORD-1")))).id
    await sign_in(browser, people)
    for target, words in (
        (paid, "Der er intet udestående"),
        (euro, "MobilePay tager kun imod betalinger i DKK"),
        (order, "Kun fakturaer kan betales"),
    ):
        page = await browser.get(f"/documents/{target}/pay")
        assert page.status_code == 200
        assert words in visible_text(page)
        assert 'name="amount"' not in page.text
        refused = await browser.post(f"/documents/{target}/pay", data={"csrf_token": csrf_of(page), "amount": "1"})
        assert refused.status_code == 422
        assert words in visible_text(refused)
    assert mobilepay.pending_payments() == []


async def test_foreign_unknown_and_malformed_documents_are_not_found_and_signed_out_goes_to_sign_in(
    browser: httpx.AsyncClient, people: Container
) -> None:
    foreign = await _invoice(people, "INV-9", customer_no="C-3001")
    assert (await browser.get(f"/documents/{foreign}/pay")).headers["location"] == (
        f"/login?next=%2Fdocuments%2F{foreign}%2Fpay"
    )
    await sign_in(browser, people)
    for path in (f"/documents/{foreign}/pay", f"/documents/{uuid.uuid4()}/pay", "/documents/nope/pay"):
        page = await browser.get(path)
        assert page.status_code == 404
        assert "Siden findes ikke" in visible_text(page)
        assert MAIL in page.text  # rendered by the controller: the header shows who is signed in


async def test_without_a_valid_csrf_token_nothing_is_started(
    browser: httpx.AsyncClient, people: Container, mobilepay: SimulatorState
) -> None:
    invoice = await _invoice(people)
    await sign_in(browser, people)
    await browser.get(f"/documents/{invoice}/pay")
    for token in ({}, {"csrf_token": "forged"}):
        refused = await browser.post(f"/documents/{invoice}/pay", data={**token, "amount": "100", "phone": PHONE})
        assert refused.status_code == 403
        assert "Formularen er udløbet" in visible_text(refused)
    assert mobilepay.pending_payments() == []
