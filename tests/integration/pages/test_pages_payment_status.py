"""The payment status page over ASGI on PostgreSQL (PRODUCT §6.4, §6.5, §12): `/payments/{id}` in every status."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import httpx
import pytest

from application.commands.payments.refund_payment import RefundPayment
from infrastructure.container import Container
from infrastructure.mobilepay.simulator.state import SimulatorState
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import document, line, upsert_customer, upsert_document
from tests.integration.pages.pages_support import MAIL, csrf_of, sign_in, visible_text
from tests.integration.pages.payment_pages_support import settle_in_the_app, simulated_mobilepay

pytestmark = pytest.mark.integration
PHONE = "+4520123456"


@pytest.fixture
async def people(pg_container: Container) -> Container:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone=PHONE, locale="da"))
    await bus.handle(upsert_customer(customer_no="C-3001", email="other@example.dk"))
    return pg_container


@pytest.fixture
def mobilepay(people: Container) -> SimulatorState:
    return simulated_mobilepay(people)


@pytest.fixture
async def browser(people: Container, mobilepay: SimulatorState) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(people)) as client:
        yield client


@pytest.fixture
async def invoice(people: Container) -> uuid.UUID:
    record = document("invoice", "INV-10023", lines=[line(unit_price=224_550)])  # 2.806,88 kr. incl. VAT
    result = await people.bus().handle(upsert_document(record))
    return result.id  # type: ignore[no-any-return]


async def _start(browser: httpx.AsyncClient, invoice: uuid.UUID, people: Container) -> str:
    await sign_in(browser, people)
    form = await browser.get(f"/documents/{invoice}/pay")
    started = await browser.post(
        f"/documents/{invoice}/pay", data={"csrf_token": csrf_of(form), "amount": "2806,88", "phone": PHONE}
    )
    assert started.status_code == 303, started.text
    return str(started.headers["location"]).rsplit("/", 1)[1]


def _region(page: httpx.Response) -> str:
    found = re.search(r'<div id="payment-status".*?</div>\n</div>', page.text, re.DOTALL)
    assert found is not None, "no status region"
    return found.group(0)


async def test_a_pending_payment_asks_for_approval_and_follows_the_status_live(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID
) -> None:
    payment_id = await _start(browser, invoice, people)
    page = await browser.get(f"/payments/{payment_id}")
    assert page.status_code == 200
    text = visible_text(page)
    for expected in ("Betaling af faktura INV-10023", "2.806,88\xa0kr.", "MobilePay", "Venter på din godkendelse"):
        assert expected in text, expected
    assert "Godkend betalingen i MobilePay-appen på din telefon" in text
    # where the request went, and until when it can be approved: MobilePay's 10 minutes, in Danish time
    created = dt.datetime.fromisoformat((await browser.get(f"/api/v1/payments/{payment_id}")).json()["created_at"])
    deadline = (created + dt.timedelta(minutes=10)).astimezone(ZoneInfo("Europe/Copenhagen"))
    danish = " ".join(text.split())
    assert f"Sendt til {PHONE}" in danish
    assert f"Godkend senest {deadline:%H.%M} (dansk tid)" in danish
    english = " ".join(visible_text(await browser.get(f"/payments/{payment_id}?lang=en")).split())
    assert f"Sent to {PHONE}" in english
    assert f"Approve by {deadline:%H:%M} (Danish time)" in english
    region = _region(page)
    assert f'data-payment-id="{payment_id}"' in region
    assert 'data-status="pending"' in region
    assert 'aria-live="polite"' in region
    assert f'<a href="/payments/{payment_id}">Opdater</a>' in region  # without JavaScript
    assert '<script src="/static/payment-status.js" defer></script>' in page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)  # no inline script (CSP script-src 'self')
    script = await browser.get("/static/payment-status.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    for part in ("EventSource", "/api/v1/payments/", "/events", "data-payment-id", "2000"):
        assert part in script.text, part


async def test_a_completed_payment_says_paid_and_leads_back_to_the_settled_invoice(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID, mobilepay: SimulatorState
) -> None:
    payment_id = await _start(browser, invoice, people)
    await settle_in_the_app(people, mobilepay, payment_id, approve=True)
    page = await browser.get(f"/payments/{payment_id}")
    region = _region(page)
    assert 'data-status="complete"' in region
    text = visible_text(page)
    assert "Betalingen er gennemført" in text
    assert "2.806,88\xa0kr. er betalt. Tak!" in text
    assert f'href="/documents/{invoice}">Tilbage til fakturaen</a>' in region
    assert "payment-status.js" not in page.text  # nothing left to follow
    detail = await browser.get(f"/documents/{invoice}")
    assert "Betalt" in visible_text(detail)
    assert f"/documents/{invoice}/pay" not in detail.text
    english = await browser.get(f"/payments/{payment_id}?lang=en")
    assert "Payment complete" in visible_text(english)


async def test_a_rejected_payment_says_why_in_plain_words_and_offers_to_try_again(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID, mobilepay: SimulatorState
) -> None:
    payment_id = await _start(browser, invoice, people)
    await settle_in_the_app(people, mobilepay, payment_id, approve=False)
    page = await browser.get(f"/payments/{payment_id}")
    region = _region(page)
    assert 'data-status="failed"' in region
    text = visible_text(page)
    assert "Betalingen blev ikke gennemført" in text
    assert "Betalingen blev afvist i MobilePay-appen." in text
    assert "Der er ikke trukket nogen penge." in text
    assert f'href="/documents/{invoice}/pay">Prøv igen</a>' in region
    again = await browser.get(f"/documents/{invoice}/pay")  # the failed payment is finished: a new one may start
    assert again.status_code == 200
    assert 'name="amount"' in again.text


async def test_a_refunded_payment_says_so(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID, mobilepay: SimulatorState
) -> None:
    payment_id = await _start(browser, invoice, people)
    await settle_in_the_app(people, mobilepay, payment_id, approve=True)
    await people.bus().handle(RefundPayment(payment_id=uuid.UUID(payment_id)))
    page = await browser.get(f"/payments/{payment_id}")
    assert 'data-status="refunded"' in _region(page)
    assert "Betalingen er refunderet" in visible_text(page)


async def test_someone_else_unknown_and_malformed_payments_are_not_found(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID
) -> None:
    payment_id = await _start(browser, invoice, people)
    async with asgi_client(create_app(people)) as stranger:
        assert (await stranger.get(f"/payments/{payment_id}")).headers["location"] == (
            f"/login?next=%2Fpayments%2F{payment_id}"
        )
        await sign_in(stranger, people, "other@example.dk")
        for path in (f"/payments/{payment_id}", f"/payments/{uuid.uuid4()}", "/payments/nope"):
            page = await stranger.get(path)
            assert page.status_code == 404, path
            assert "Siden findes ikke" in visible_text(page)


def _edges(answer: httpx.Response) -> tuple[int, str, dict[str, str | None]]:
    """Status, content type and the headers every answer carries (security, caching), for comparing two answers."""
    names = ("content-security-policy", "x-content-type-options", "referrer-policy", "cache-control")
    return answer.status_code, answer.headers.get("content-type", ""), {n: answer.headers.get(n) for n in names}


async def test_a_malformed_payment_id_gets_exactly_the_api_answer_of_an_unknown_one(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID
) -> None:
    await _start(browser, invoice, people)
    unknown, malformed = str(uuid.uuid4()), "not-a-uuid"
    for method, path in (("GET", "/api/v1/payments/{}"), ("POST", "/api/v1/payments/{}/cancel")):
        for accept in ("application/json", "text/html"):
            answers = [
                await browser.request(method, path.format(ident), headers={"accept": accept})
                for ident in (unknown, malformed)
            ]
            assert answers[0].status_code == 404, (method, path)
            assert answers[0].headers["content-type"].startswith("application/problem+json")
            assert _edges(answers[0]) == _edges(answers[1]), (method, path, accept)
            assert (
                answers[0].json()
                == answers[1].json()
                == {
                    "type": "about:blank",
                    "title": "Not found",
                    "status": 404,
                    "detail": "not found",
                }
            )
    started = await browser.post("/api/v1/documents/not-a-uuid/payments", json={"amount": 100, "phone": PHONE})
    unknown_start = await browser.post(f"/api/v1/documents/{unknown}/payments", json={"amount": 100, "phone": PHONE})
    assert (_edges(started), started.json()) == (_edges(unknown_start), unknown_start.json())
    assert started.status_code == 404


async def test_a_malformed_payment_id_gets_exactly_the_page_of_an_unknown_one(
    browser: httpx.AsyncClient, people: Container, invoice: uuid.UUID
) -> None:
    unknown, malformed = str(uuid.uuid4()), "not-a-uuid"
    for accept in ("text/html", "*/*"):  # a page is a page whatever the client accepts, as the controller answers
        signed_out = [
            await browser.get(f"/payments/{ident}", headers={"accept": accept}) for ident in (unknown, malformed)
        ]
        assert [a.headers["location"] for a in signed_out] == [
            f"/login?next=%2Fpayments%2F{unknown}",
            f"/login?next=%2Fpayments%2F{malformed}",
        ]
        assert _edges(signed_out[0]) == _edges(signed_out[1])
    await _start(browser, invoice, people)
    for path in ("/payments/{}", "/documents/{}/pay"):
        for accept in ("text/html", "*/*"):
            answers = [
                await browser.get(path.format(ident), headers={"accept": accept}) for ident in (unknown, malformed)
            ]
            assert answers[0].status_code == 404
            assert answers[0].headers["content-type"].startswith("text/html")
            assert _edges(answers[0]) == _edges(answers[1]), path
            assert visible_text(answers[0]) == visible_text(answers[1])
            assert MAIL in answers[1].text  # the header shows who is signed in, as on every page
