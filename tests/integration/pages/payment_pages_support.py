"""Helpers for the payment and direct-link page tests: MobilePay as the simulator in-process, and recorded events."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import msgspec
from dependency_injector import providers
from sqlalchemy import select

from application.commands.links.revoke_link import RevokeLink
from application.commands.links.share_document_link import ShareDocumentLink
from application.commands.payments.capture_payment import CapturePayment
from application.commands.payments.reconcile_payment import ReconcilePayment
from infrastructure.container import Container
from infrastructure.mobilepay.factory import make_gateway
from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.state import SimulatorState
from infrastructure.persistence.tables.outbox import events
from tests.builders import document, line, upsert_document
from tests.integration.pages.pages_support import csrf_of

SIMULATOR_URL = "http://mobilepay-simulator.test"
MSN = "123456"


def simulated_mobilepay(container: Container) -> SimulatorState:
    """Point the container's MobilePay gateway at a simulator served in-process (no webhooks registered)."""
    state = SimulatorState()
    transport = httpx.ASGITransport(app=create_simulator_app(state=state))  # type: ignore[arg-type]
    client = httpx.AsyncClient(transport=transport, base_url=SIMULATOR_URL, timeout=10)
    settings = msgspec.structs.replace(container.settings(), mobilepay_base_url=SIMULATOR_URL, mobilepay_msn=MSN)
    container.mobilepay.override(providers.Object(make_gateway(settings, client)))
    return state


async def settle_in_the_app(container: Container, state: SimulatorState, payment_id: str, *, approve: bool) -> None:
    """The person answers on the phone; the portal then learns it by polling (and captures an approval)."""
    payment = state.find(MSN, payment_id)
    (state.approve if approve else state.reject)(payment)
    await container.bus().handle(ReconcilePayment(payment_id=uuid.UUID(payment_id), keep_polling=False))
    if approve:
        await container.bus().handle(CapturePayment(payment_id=uuid.UUID(payment_id), amount=payment.amount))


async def recorded(container: Container, event_type: str) -> list[dict[str, Any]]:
    """The envelopes of every recorded event of `event_type`, oldest first."""
    async with container.session_factory()() as session:
        rows = await session.execute(
            select(events.c.envelope).where(events.c.type == event_type).order_by(events.c.seq)
        )
        return [row.envelope for row in rows]


async def payment_and_link_pages(
    container: Container, signed_in: httpx.AsyncClient, signed_out: httpx.AsyncClient
) -> dict[str, httpx.Response]:
    """The payment and direct-link pages as a signed-in party of the invoices and a signed-out browser see them."""
    state = simulated_mobilepay(container)
    bus = container.bus()
    invoice = (await bus.handle(upsert_document(document("invoice", "INV-PAY", lines=[line(unit_price=224_550)])))).id
    order = (await bus.handle(upsert_document(document("order", "ORD-PAY")))).id
    form = await signed_in.get(f"/documents/{invoice}/pay")
    pages = {
        "pay form": form,
        "pay form errors": await signed_in.post(
            f"/documents/{invoice}/pay", data={"csrf_token": csrf_of(form), "amount": "x", "phone": "y"}
        ),
        "pay refused": await signed_in.get(f"/documents/{order}/pay"),
    }
    started = await signed_in.post(
        f"/documents/{invoice}/pay", data={"csrf_token": csrf_of(form), "amount": "100", "phone": "+4520123456"}
    )
    assert started.status_code == 303, started.text
    payment_path = started.headers["location"]
    pages["payment pending"] = await signed_in.get(payment_path)
    await settle_in_the_app(container, state, payment_path.rsplit("/", 1)[1], approve=False)
    pages["payment failed"] = await signed_in.get(payment_path)
    link = await bus.handle(ShareDocumentLink(type="invoice", number="INV-PAY"))
    path = "/l/" + link.url.rsplit("/l/", 1)[1]
    pages["direct link"] = await signed_out.get(path)
    await bus.handle(RevokeLink(id=link.id))
    pages["direct link revoked"] = await signed_out.get(path)
    statuses = {name: page.status_code for name, page in pages.items()}
    assert statuses == {
        "pay form": 200,
        "pay form errors": 422,
        "pay refused": 200,
        "payment pending": 200,
        "payment failed": 200,
        "direct link": 200,
        "direct link revoked": 404,
    }
    return pages
