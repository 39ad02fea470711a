"""A running portal for payment tests: the simulator and the portal over real HTTP, the relay and the actors.

Everything runs on PostgreSQL, as in production; only the broker is dramatiq's StubBroker (in-process).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from dependency_injector import providers

from application.commands.identity.request_login import RequestLogin
from application.commands.identity.verify_code import VerifyCode
from application.ports.mobilepay_gateway import PAYMENT_WEBHOOK_EVENTS
from infrastructure.clock import SystemClock
from infrastructure.container import Container, build_container, share_embedded
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.state import SimulatorState
from interfaces.http.app import create_app
from interfaces.worker.main import start_actors
from tests.builders import GENEROUS_LOGIN, document, line, upsert_customer, upsert_document
from tests.conftest import make_settings
from tests.contract.mobilepay.live_server import LiveServer, free_port
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

SECRET = "webhook-secret-for-tests-0123456789abcdef"
MAIL = "mette@example.dk"
MSN = "123456"


@dataclass
class Rig:
    container: Container
    portal: LiveServer
    simulator: SimulatorState
    client: httpx.AsyncClient
    invoice_id: uuid.UUID
    mailbox: Any
    worker: Any
    restart_worker: Any
    #: every seeded invoice: INV-1 first, then the `more_invoices` (PRODUCT §13 tests)
    invoice_ids: tuple[uuid.UUID, ...] = ()

    def sim_payment(self, payment_id: uuid.UUID | str) -> Any:
        return self.simulator.find(MSN, str(payment_id))

    async def until(self, predicate: Any, *, seconds: float = 30.0) -> None:
        """Wait (bounded) until `predicate()` (sync or async) is true: waiting for work, not timing it."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            result = predicate()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("the condition did not come true")
            await asyncio.sleep(0.05)

    async def payment(self, payment_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/api/v1/payments/{payment_id}")
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def invoice(self, invoice_id: uuid.UUID | None = None) -> dict[str, Any]:
        answer = await self.client.get(f"/api/v1/documents/{invoice_id or self.invoice_id}")
        result: dict[str, Any] = answer.json()
        return result


class OnceStopped:
    """A dramatiq worker whose `stop()` acts once.

    The workers of one rig share a broker, and with it dramatiq's AsyncIO middleware, whose shutdown stops
    whichever event loop thread is current: stopping an already stopped worker again stopped its successor's loop,
    leaving that worker's actors waiting on a dead loop and its `stop()` waiting (600 s by default) for them. That
    was the teardown hang after the stopped-worker test.
    """

    def __init__(self, worker: Any) -> None:
        self._worker = worker
        self._stopped = False

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._worker.stop(timeout=30_000)


@contextlib.contextmanager
def _servers(tmp_path: Path, database_url: str) -> Iterator[tuple[LiveServer, SimulatorState, Container, Container]]:
    state = SimulatorState(webhook_secret=SECRET)
    sim_server = LiveServer(create_simulator_app(webhook_secret=SECRET, state=state))
    port = free_port()
    env = {
        "database_url": database_url,
        "base_url": f"http://127.0.0.1:{port}",
        "mobilepay_base_url": sim_server.url,
        "mobilepay_webhook_secret": SECRET,
        "mobilepay_msn": MSN,
    }
    settings = make_settings(tmp_path, **env)
    web = build_container(settings)
    actors = build_container(settings)
    share_embedded(actors, web)
    state.register_webhook(msn=MSN, url=f"{settings.base_url}/webhooks/mobilepay", events=PAYMENT_WEBHOOK_EVENTS)
    portal = LiveServer(create_app(web), port=port)
    with sim_server, portal:
        yield portal, state, web, actors


@contextlib.asynccontextmanager
async def running_portal(
    test_container: Container, tmp_path: Path, database_url: str, *, more_invoices: bool = False
) -> AsyncIterator[Rig]:
    """Seed a customer and an invoice, sign in over the API, and run relay + actors until the block ends.

    - `more_invoices`: also INV-2 (50,00 kr., due before INV-1) and INV-3 (10,00 kr., due after it).
    """
    test_container.clock.override(providers.Object(SystemClock()))  # the servers run on real time too
    generous = GENEROUS_LOGIN
    test_container.login_policy.override(providers.Object(generous))
    bus = test_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001", email=MAIL, phone="+4520123456"))
    invoice = await bus.handle(upsert_document(document("invoice", "INV-1", issue_date=dt.date(2026, 11, 2))))
    seeded = [invoice.id]
    if more_invoices:
        for number, issued, price in (("INV-2", dt.date(2026, 10, 20), 40_00), ("INV-3", dt.date(2026, 11, 10), 8_00)):
            more = await bus.handle(
                upsert_document(document("invoice", number, issue_date=issued, lines=[line(price)]))
            )
            seeded.append(more.id)
    await bus.handle(RequestLogin(email=MAIL, ip="127.0.0.1"))
    await deliver_login_mail(test_container)
    code, _ = code_and_token(test_container, MAIL)
    session = await bus.handle(VerifyCode(email=MAIL, code=code, ip="127.0.0.1"))
    with _servers(tmp_path, database_url) as (portal, state, web, actors):
        workers = [OnceStopped(start_actors(actors.settings(), threads=4, container=actors))]
        test_container.settings.override(providers.Object(web.settings()))  # same database; MobilePay = simulator

        def restart_worker() -> None:
            fresh = build_container(actors.settings())  # a new worker gets its own engine, on its own loop
            share_embedded(fresh, web)
            workers.append(OnceStopped(start_actors(fresh.settings(), threads=4, container=fresh)))
            rig.worker = workers[-1]

        test_container.broker.override(providers.Object(web.broker()))
        stop = asyncio.Event()
        relay = asyncio.create_task(test_container.relay().run(stop, idle_seconds=0.05))
        client = httpx.AsyncClient(base_url=portal.url, cookies={"portal_session": session.session_id}, timeout=30)
        try:
            rig = Rig(
                container=test_container,
                portal=portal,
                simulator=state,
                client=client,
                invoice_id=invoice.id,
                mailbox=web.embedded_smtp(),
                worker=workers[0],
                restart_worker=restart_worker,
                invoice_ids=tuple(seeded),
            )
            yield rig
        finally:
            stop.set()
            await relay
            await client.aclose()
            for worker in reversed(workers):  # each worker's engine lives on its own loop and ends with it
                await asyncio.to_thread(worker.stop)
