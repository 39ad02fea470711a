"""Flow actions on PostgreSQL: SMS over GatewayAPI's REST API, signed webhooks, `wait` and `unless`, fresh links."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable

import pytest
from dependency_injector import providers
from sqlalchemy import select

from application.commands.payments.record_payment_page_opened import RecordPaymentPageOpened
from domain.payments.events import PaymentCompleted
from domain.shared.events import DocumentRef
from infrastructure.container import Container
from infrastructure.persistence.tables.links import document_links
from infrastructure.webhooks.signature import verify
from tests.builders import upsert_customer
from tests.fakes import FakeClock, FakeMailer
from tests.integration.automation.flows_support import apply, pump, receiver, runs, seed_invoice

pytestmark = pytest.mark.integration

REMINDER = """
[[flow]]
name = "payment-reminder"
on = "payment.page_opened"
when = { "document.type" = "invoice" }
wait = "15m"
unless = "payment.completed"
[[flow.action]]
type = "sms"
text = "Hej {{ customer.name }}, betal faktura {{ document.number }} her: {{ link }}"
"""


async def _open_payment_page(container: Container, document_id: uuid.UUID, number: str = "INV-1") -> None:
    await container.bus().handle(RecordPaymentPageOpened(document_id=document_id, number=number, party="C-1001"))


async def _complete_payment(container: Container, document_id: uuid.UUID, clock: FakeClock) -> None:
    async with container.uow() as uow:
        uow.outbox.publish(
            PaymentCompleted(
                occurred_at=clock.now(),
                party="C-1001",
                document=DocumentRef(id=document_id, type="invoice", number="INV-1"),
                payment_id=uuid.uuid4(),
                amount=12500,
                currency="DKK",
                invoice_number="INV-1",
            )
        )
        await uow.commit()


async def test_the_reminder_waits_then_sends_one_sms_through_gatewayapi_with_a_fresh_link(
    flow_container: Callable[..., Container], clock: FakeClock
) -> None:
    with receiver(gatewayapi=True) as gateway:
        container = flow_container(sms_url=f"{gateway.url}/rest/mtsms", sms_token="token-1", sms_sender="Nordvej")
        document_id = await seed_invoice(container)
        await apply(container, REMINDER)
        await _open_payment_page(container, document_id)
        await pump(container)
        assert [r["status"] for r in await runs(container)] == ["scheduled"]
        clock.advance(minutes=14)
        await pump(container)
        assert gateway.requests == [], "nothing is sent before the wait is over"
        clock.advance(minutes=2)
        await pump(container)
        await pump(container)

        assert len(gateway.requests) == 1
        request = gateway.requests[0]
        assert request["path"] == "/rest/mtsms"
        assert request["headers"]["authorization"] == "Basic " + base64.b64encode(b"token-1:").decode()
        body = json.loads(request["body"])
        assert body["sender"] == "Nordvej"
        assert body["recipients"] == [{"msisdn": 4520123456}]
        assert body["message"].startswith("Hej Kunde C-1001, betal faktura INV-1 her: http://127.0.0.1:8000/l/")
        (run,) = await runs(container)
        assert body["userref"] == f"payment-reminder:{run['event_id']}"
        assert (run["status"], run["detail"], run["attempts"]) == ("done", "sms 1", 1)
        async with container.session_factory()() as session:
            links = (await session.execute(select(document_links.c.id, document_links.c.party_no))).all()
        assert [(link.id, link.party_no) for link in links] == [(uuid.uuid5(run["id"], "link"), "C-1001")]


async def test_unless_cancels_the_reminder_when_the_payment_completes_within_the_wait(
    flow_container: Callable[..., Container], clock: FakeClock
) -> None:
    with receiver(gatewayapi=True) as gateway:
        container = flow_container(sms_url=gateway.url, sms_token="t")
        document_id = await seed_invoice(container)
        await apply(container, REMINDER)
        await _open_payment_page(container, document_id)
        await pump(container)
        clock.advance(minutes=10)
        await _complete_payment(container, document_id, clock)
        clock.advance(minutes=6)
        await pump(container)
        assert gateway.requests == []
        (run,) = await runs(container)
        assert (run["status"], run["detail"]) == ("cancelled", "payment.completed arrived within the wait")


async def test_a_payment_completed_after_the_wait_does_not_cancel_the_reminder(
    flow_container: Callable[..., Container], clock: FakeClock
) -> None:
    with receiver(gatewayapi=True) as gateway:
        container = flow_container(sms_url=gateway.url, sms_token="t")
        document_id = await seed_invoice(container)
        await apply(container, REMINDER)
        await _open_payment_page(container, document_id)
        await pump(container)
        clock.advance(minutes=16)
        await _complete_payment(container, document_id, clock)
        await pump(container)
        assert len(gateway.requests) == 1
        assert [r["status"] for r in await runs(container)] == ["done"]


async def test_a_webhook_posts_the_envelope_signed_with_the_secret(
    flow_container: Callable[..., Container], clock: FakeClock
) -> None:
    with receiver() as hook:
        container = flow_container()
        flows = f"""
[[flow]]
name = "everything"
on = "*"
[[flow.action]]
type = "webhook"
url = "{hook.url}/portal"
secret = "s3cret-for-flows"
"""
        document_id = await seed_invoice(container)
        await apply(container, flows)
        await _open_payment_page(container, document_id)
        await pump(container)

        types = [json.loads(r["body"])["type"] for r in hook.requests]
        assert types == ["document.published", "payment.page_opened"]
        now = int(clock.now().timestamp())
        for request in hook.requests:
            signature = request["headers"]["x-portal-signature"]
            assert signature.startswith(f"t={now},v1=")
            assert verify(signature, "s3cret-for-flows", request["body"], now=now)
            assert not verify(signature, "another-secret", request["body"], now=now)
            assert not verify(signature, "s3cret-for-flows", request["body"] + b" ", now=now)
            envelope = json.loads(request["body"])
            assert request["headers"]["x-portal-event"] == envelope["type"]
            assert request["headers"]["idempotency-key"] == f"everything:{envelope['id']}"
            assert set(envelope) == {"id", "type", "schema_version", "occurred_at", "party", "document", "data"}
        assert {r["status"] for r in await runs(container)} == {"done"}


async def test_an_sms_to_a_party_without_a_phone_fails_the_run_without_sending(
    flow_container: Callable[..., Container],
) -> None:
    with receiver(gatewayapi=True) as gateway:
        container = flow_container(sms_url=gateway.url, sms_token="t")
        document_id = await seed_invoice(container)
        await container.bus().handle(upsert_customer(customer_no="C-1001"))
        await apply(container, REMINDER.replace('wait = "15m"\nunless = "payment.completed"\n', ""))
        await _open_payment_page(container, document_id)
        await pump(container)
        assert gateway.requests == []
        (run,) = await runs(container)
        assert (run["status"], run["detail"]) == ("failed", "the party has no phone number")


async def test_an_email_action_renders_subject_and_text_for_the_party(
    flow_container: Callable[..., Container],
) -> None:
    container = flow_container()
    mailer = FakeMailer()
    container.mailer.override(providers.Object(mailer))
    document_id = await seed_invoice(container)
    await apply(
        container,
        """
[[flow]]
name = "mail-reminder"
on = "payment.page_opened"
[[flow.action]]
type = "email"
to = "party"
subject = "Faktura {{ document.number }}"
text = "Hej {{ customer.name }}\\n\\nSe fakturaen: {{ link }}"
""",
    )
    await _open_payment_page(container, document_id)
    await pump(container)
    await pump(container)
    (mail,) = mailer.sent
    (run,) = await runs(container)
    assert (mail.to, mail.subject) == ("mette@example.dk", "Faktura INV-1")
    assert mail.text.startswith("Hej Kunde C-1001\n\nSe fakturaen: http://127.0.0.1:8000/l/")
    assert mail.message_id == f"flow.{run['id']}@localhost", "a resend carries the same Message-ID"
    assert "<p>Hej Kunde C-1001</p>" in mail.html
    assert run["status"] == "done"
