"""Live status across two server processes' worth of state: the webhook reaches server B, the browser watches A.

Server B, signalled by the webhook, reads the payment from MobilePay (the simulator) and settles it.

Each app has its own container, status hub and PostgreSQL listener; the only path between them is
LISTEN/NOTIFY (PRODUCT §6.5).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from dependency_injector import providers

from application.commands.identity.request_login import RequestLogin
from application.commands.identity.verify_code import VerifyCode
from infrastructure.clock import SystemClock
from infrastructure.container import Container, build_container
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.signing import signed_headers
from infrastructure.mobilepay.simulator.state import SimulatorState
from interfaces.http.app import create_app
from tests.builders import GENEROUS_LOGIN, document, upsert_customer, upsert_document
from tests.conftest import make_settings
from tests.contract.mobilepay.live_server import LiveServer
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

pytestmark = pytest.mark.integration
SECRET = "webhook-secret-for-tests-0123456789abcdef"
MAIL = "mette@example.dk"


async def test_a_webhook_on_server_b_reaches_the_live_page_on_server_a(
    pg_container: Container, pg_database: str, tmp_path: Path
) -> None:
    pg_container.clock.override(providers.Object(SystemClock()))
    pg_container.login_policy.override(providers.Object(GENEROUS_LOGIN))
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL))
    invoice = await bus.handle(upsert_document(document("invoice", "INV-1")))
    await bus.handle(RequestLogin(email=MAIL, ip="127.0.0.1"))
    await deliver_login_mail(pg_container)
    session = await bus.handle(VerifyCode(email=MAIL, code=code_and_token(pg_container, MAIL)[0], ip="127.0.0.1"))
    vendor = SimulatorState(webhook_secret=SECRET)  # no webhook registered: the test delivers the one that matters
    simulator = LiveServer(create_simulator_app(webhook_secret=SECRET, state=vendor))
    with simulator:
        settings = make_settings(
            tmp_path, database_url=pg_database, mobilepay_base_url=simulator.url, mobilepay_webhook_secret=SECRET
        )
        server_a = LiveServer(create_app(build_container(settings)))
        server_b = LiveServer(create_app(build_container(settings)))
        with server_a, server_b:
            cookies = {"portal_session": session.session_id}
            async with httpx.AsyncClient(base_url=server_a.url, cookies=cookies, timeout=30) as browser:
                started = await browser.post(
                    f"/api/v1/documents/{invoice.id}/payments", json={"amount": 12_500, "phone": "20123456"}
                )
                payment_id = started.json()["id"]
                seen: list[str] = []

                async def watch() -> None:
                    async with browser.stream("GET", f"/api/v1/payments/{payment_id}/events") as stream:
                        async for line in stream.aiter_lines():
                            if line.startswith("data:"):
                                seen.append(json.loads(line[5:])["status"])  # noqa: PERF401

                watcher = asyncio.create_task(watch())
                for _ in range(200):
                    if seen:
                        break
                    await asyncio.sleep(0.02)
                await asyncio.sleep(0.3)  # server A's listener is subscribed before the change
                # MobilePay really took the money (a webhook is only a signal to look at its payment aggregate)
                taken = next(p for p in vendor.payments.values() if p.reference == payment_id)
                vendor.approve(taken)
                vendor.capture(taken, 12_500, "DKK", key=f"capture-{payment_id}")
                await _captured_webhook(server_b.url, payment_id)
                await asyncio.wait_for(watcher, timeout=20)
    assert seen == ["pending", "complete"]


async def _captured_webhook(base_url: str, payment_id: str) -> None:
    body = json.dumps(
        {
            "msn": "123456",
            "reference": payment_id,
            "pspReference": "psp-1",
            "name": "CAPTURED",
            "amount": {"currency": "DKK", "value": 12_500},
            "timestamp": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
            "idempotencyKey": None,
            "success": True,
        }
    ).encode()
    url = f"{base_url}/webhooks/mobilepay"
    headers = signed_headers(url=url, body=body, secret=SECRET, at=dt.datetime.now(dt.UTC))
    async with httpx.AsyncClient() as client:
        answer = await client.post(url, content=body, headers=headers)
    assert answer.status_code == 200
