"""The phone and control pages, mounted under a prefix in a host app: links, forms, accessibility basics."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from litestar import Litestar, get

from infrastructure.mobilepay.simulator import SimulatorState, create_simulator_app, simulator_mount
from tests.adapters.mobilepay.simulator_support import MSN, MovableClock, in_process

pytestmark = pytest.mark.adapter

PREFIX = "/simulator/mobilepay"


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts = 0
        self.inline_handlers: list[str] = []
        self.inputs: list[str] = []
        self.labels: set[str] = set()
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.inline_handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "html":
            self.lang = named.get("lang")
        if tag == "script":
            self.scripts += 1
        for attr in ("href", "action", "src"):
            if named.get(attr):
                self.links.append(str(named[attr]))
        if tag in {"input", "select"} and named.get("type") != "hidden":
            self.inputs.append(str(named.get("id")))
        if tag == "label" and named.get("for"):
            self.labels.add(str(named["for"]))


def _parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


@get("/")
async def host_home() -> str:
    return "portal"


@pytest.fixture
async def portal(clock: MovableClock) -> AsyncIterator[tuple[httpx.AsyncClient, SimulatorState]]:
    """A host app that mounts the simulator the way the portal does in embedded mode."""
    state = SimulatorState(clock=clock)
    simulator = create_simulator_app(base_path=PREFIX, state=state)
    host = Litestar(route_handlers=[host_home, simulator_mount(PREFIX, simulator)])
    async with httpx.AsyncClient(transport=in_process(host), base_url="http://portal.test") as client:
        yield client, state
    await state.aclose()


async def _pending_payment(client: httpx.AsyncClient, phone: str = "4520123456") -> str:
    token = (
        await client.post(
            f"{PREFIX}/accesstoken/get",
            headers={"client_id": "a", "client_secret": "b", "Ocp-Apim-Subscription-Key": "k"},
        )
    ).json()
    headers = {
        "Authorization": f"Bearer {token['access_token']}",
        "Ocp-Apim-Subscription-Key": "k",
        "Merchant-Serial-Number": MSN,
    }
    reference = str(uuid.uuid4())
    body = {
        "amount": {"currency": "DKK", "value": 249500},
        "paymentMethod": {"type": "WALLET"},
        "reference": reference,
        "userFlow": "PUSH_MESSAGE",
        "customer": {"phoneNumber": phone},
        "paymentDescription": "Invoice INV-10023",
    }
    answer = await client.post(
        f"{PREFIX}/epayment/v1/payments", json=body, headers={**headers, "Idempotency-Key": reference}
    )
    assert answer.status_code == 201
    return reference


async def test_the_host_keeps_its_own_routes(portal: tuple[httpx.AsyncClient, SimulatorState]) -> None:
    client, _ = portal
    assert (await client.get("/")).text == "portal"


async def test_the_phone_page_shows_a_pending_request_with_every_link_under_the_prefix(
    portal: tuple[httpx.AsyncClient, SimulatorState],
) -> None:
    client, _ = portal
    reference = await _pending_payment(client)
    page = await client.get(f"{PREFIX}/phone", params={"phone": "4520123456"})
    assert page.status_code == 200
    assert "2495.00 DKK" in page.text
    assert "Invoice INV-10023" in page.text
    parsed = _parse(page.text)
    assert parsed.links
    assert all(link.startswith(PREFIX + "/") for link in parsed.links if not link.startswith("#"))
    assert f"{PREFIX}/phone/{MSN}/{reference}/approve" in parsed.links


async def test_pages_have_no_script_a_language_and_a_label_for_every_field(
    portal: tuple[httpx.AsyncClient, SimulatorState],
) -> None:
    client, _ = portal
    await _pending_payment(client)
    for path in ("/phone", "/control"):
        page = await client.get(PREFIX + path)
        parsed = _parse(page.text)
        assert parsed.scripts == 0
        assert parsed.inline_handlers == []
        assert parsed.lang == "en"
        assert parsed.inputs
        assert set(parsed.inputs) <= parsed.labels
        assert "script-src 'none'" in page.headers["content-security-policy"]


async def test_approving_on_the_phone_authorizes_and_returns_to_the_phone(
    portal: tuple[httpx.AsyncClient, SimulatorState],
) -> None:
    client, state = portal
    reference = await _pending_payment(client)
    answer = await client.post(f"{PREFIX}/phone/{MSN}/{reference}/approve", data={"phone": "4520123456"})
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"{PREFIX}/phone?")
    assert state.payments[(MSN, reference)].state == "AUTHORIZED"
    after = await client.get(answer.headers["location"])
    assert re.search(rf"You approved the payment request {reference}", after.text)
    assert reference not in re.sub(r"You approved[^<]*", "", after.text)  # no longer listed as waiting


async def test_rejecting_on_the_phone_aborts(portal: tuple[httpx.AsyncClient, SimulatorState]) -> None:
    client, state = portal
    reference = await _pending_payment(client)
    await client.post(f"{PREFIX}/phone/{MSN}/{reference}/reject", data={})
    assert state.payments[(MSN, reference)].state == "ABORTED"


async def test_answering_twice_says_the_request_is_gone(portal: tuple[httpx.AsyncClient, SimulatorState]) -> None:
    client, state = portal
    reference = await _pending_payment(client)
    await client.post(f"{PREFIX}/phone/{MSN}/{reference}/approve", data={})
    again = await client.post(f"{PREFIX}/phone/{MSN}/{reference}/reject", data={})
    assert "done=gone" in again.headers["location"]
    assert state.payments[(MSN, reference)].state == "AUTHORIZED"


async def test_the_phone_filter_shows_only_that_phone(portal: tuple[httpx.AsyncClient, SimulatorState]) -> None:
    client, _ = portal
    mine, other = await _pending_payment(client, "4520123456"), await _pending_payment(client, "4530000000")
    page = (await client.get(f"{PREFIX}/phone", params={"phone": "+4520123456"})).text
    assert mine in page
    assert other not in page


async def test_the_control_page_arms_faults_and_saves_switches(
    portal: tuple[httpx.AsyncClient, SimulatorState],
) -> None:
    client, state = portal
    saved = await client.post(f"{PREFIX}/control/switches", data={"duplicate": "true", "late_seconds": "2.5"})
    assert saved.headers["location"] == f"{PREFIX}/control?done=saved"
    assert (
        state.webhooks.switches.duplicate,
        state.webhooks.switches.late_seconds,
        state.webhooks.switches.reorder,
    ) == (True, 2.5, False)
    await client.post(
        f"{PREFIX}/control/faults",
        data={
            "operation": "capture",
            "kind": "error",
            "count": "2",
            "status": "500",
            "when": "before",
            "delay_seconds": "1",
            "retry_after": "1",
        },
    )
    assert state.faults.pending()[0]["operation"] == "capture"
    assert state.faults.pending()[0]["remaining"] == 2
    page = (await client.get(f"{PREFIX}/control")).text
    assert "Armed faults" in page
    await client.post(f"{PREFIX}/control/faults/clear")
    assert state.faults.pending() == []


async def test_a_bad_control_form_is_refused_without_changes(portal: tuple[httpx.AsyncClient, SimulatorState]) -> None:
    client, state = portal
    answer = await client.post(f"{PREFIX}/control/faults", data={"operation": "everything", "kind": "error"})
    assert answer.headers["location"].endswith("done=invalid")
    assert state.faults.pending() == []


async def test_the_control_page_lets_a_pending_payment_expire(
    portal: tuple[httpx.AsyncClient, SimulatorState], clock: MovableClock
) -> None:
    client, state = portal
    reference = await _pending_payment(client)
    page = (await client.get(f"{PREFIX}/control")).text
    assert f"{PREFIX}/control/payments/{MSN}/{reference}/expire" in page
    await client.post(f"{PREFIX}/control/payments/{MSN}/{reference}/expire")
    assert state.payments[(MSN, reference)].state == "EXPIRED"


async def test_the_stylesheet_is_served_under_the_prefix(portal: tuple[httpx.AsyncClient, SimulatorState]) -> None:
    client, _ = portal
    answer = await client.get(f"{PREFIX}/static/simulator.css")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/css")
