"""Embedded mode over real HTTP: a host app mounts the simulator at /simulator/mobilepay, the gateway uses it
through the prefix, its pages link under the prefix, and it signs webhooks to the host with a known secret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest
from litestar import Litestar, Request, Response, post
from litestar.datastructures import State

from application.ports.mobilepay_gateway import VendorEvent
from infrastructure.mobilepay.gateway import HttpxMobilePayGateway
from infrastructure.mobilepay.simulator import SimulatorState, create_simulator_app, simulator_mount
from infrastructure.mobilepay.webhook_verifier import HmacWebhookVerifier
from tests.contract.mobilepay.live_server import LiveServer
from tests.contract.mobilepay.vendor_openapi import check_exchange
from tests.integration.mobilepay.delivery_support import MSN, until

pytestmark = pytest.mark.integration

PREFIX = "/simulator/mobilepay"
SECRET = "embedded-secret-from-settings"


@dataclass
class Portal:
    url: str
    state: SimulatorState
    events: list[VendorEvent]


@pytest.fixture
def portal() -> Iterator[Portal]:
    """A stand-in for `portal serve` in embedded mode: the simulator mounted, and a verified webhook route."""
    events: list[VendorEvent] = []
    verifier = HmacWebhookVerifier(secret=SECRET)

    @post("/webhooks/mobilepay", status_code=200)
    async def webhook(request: Request[object, object, State]) -> Response[bytes]:
        body = await request.body()
        events.append(
            verifier.verify(
                headers=dict(request.headers), body=body, path_and_query=request.url.path, now=datetime.now(UTC)
            )
        )
        return Response(content=b"", status_code=200)

    state = SimulatorState()
    simulator = create_simulator_app(webhook_secret=SECRET, base_path=PREFIX, state=state)
    host = Litestar(route_handlers=[webhook, simulator_mount(PREFIX, simulator)], on_shutdown=[state.aclose])
    with LiveServer(host) as server:
        yield Portal(server.url, state, events)


async def test_the_gateway_works_through_the_mount_and_the_vendor_files_agree(portal: Portal) -> None:
    exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        exchanges.append((response.request, response))

    async with httpx.AsyncClient(event_hooks={"response": [keep]}) as client:
        gateway = HttpxMobilePayGateway(
            base_url=portal.url + PREFIX,
            client_id="id",
            client_secret="s",
            subscription_key="k",
            msn=MSN,
            client=client,
        )
        registration = await gateway.register_webhook(url=f"{portal.url}/webhooks/mobilepay")
        assert registration.secret == SECRET
        payment_id = uuid4()
        await gateway.create_payment(payment_id=payment_id, amount=5000, currency="DKK", phone_number="4520123456")
        async with httpx.AsyncClient(base_url=portal.url) as browser:
            page = await browser.get(f"{PREFIX}/phone", params={"phone": "4520123456"})
            action = f"{PREFIX}/phone/{MSN}/{payment_id}/approve"
            assert f'action="{action}"' in page.text
            approved = await browser.post(action, data={"phone": "4520123456"})
            assert approved.status_code == 303
            assert approved.headers["location"].startswith(f"{PREFIX}/phone?")
        captured = await gateway.capture(payment_id, amount=5000, currency="DKK")
        assert captured.aggregate.captured == 5000
    await until(lambda: len(portal.events) == 3)
    assert [e.name for e in portal.events] == ["CREATED", "AUTHORIZED", "CAPTURED"]
    for request, response in exchanges:
        check_exchange(request, response, base_path=PREFIX)
    assert len(exchanges) == 4  # token, register, create, capture


async def test_control_page_and_json_live_under_the_prefix(portal: Portal) -> None:
    async with httpx.AsyncClient(base_url=portal.url) as browser:
        page = await browser.get(f"{PREFIX}/control")
        assert page.status_code == 200
        assert f'href="{PREFIX}/static/simulator.css"' in page.text
        assert f'action="{PREFIX}/control/faults"' in page.text
        state = await browser.get(f"{PREFIX}/control/api/state")
        assert json.loads(state.content)["faults"] == []
        outside = await browser.get("/control")
        assert outside.status_code == 404
