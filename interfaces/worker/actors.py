"""dramatiq actors: ids in, a command through the bus (STYLE §4.6). Import only after the broker is set.

Every actor is idempotent: the inbox middleware (`inbox=True`, interfaces/worker/inbox_middleware.py) skips a message
whose id the inbox has recorded, and each command checks state before acting. Retries are dramatiq's own options.
"""

from __future__ import annotations

import uuid
from typing import Any

import dramatiq

from application import jobs
from application.commands.automation.handle_portal_event import HandlePortalEvent
from application.commands.documents.render_document_pdf import RenderDocumentPdf
from application.commands.identity.send_login_email import SendLoginEmail
from application.commands.links.send_link_email import SendLinkEmail
from application.commands.payments.cancel_payment import CancelPayment
from application.commands.payments.capture_payment import CapturePayment
from application.commands.payments.create_vendor_payment import CreateVendorPayment
from application.commands.payments.reconcile_payment import ReconcilePayment
from application.commands.payments.send_receipt import SendReceipt
from interfaces.worker.flow_actors import FLOW_ACTORS
from interfaces.worker.runtime import handle

Q = jobs.QUEUE


@dramatiq.actor(
    actor_name=jobs.PORTAL_EVENT, queue_name=Q, inbox=True, max_retries=20, min_backoff=500, max_backoff=60_000
)
async def portal_event(payload: dict[str, Any]) -> None:
    await handle(HandlePortalEvent(event_id=uuid.UUID(str(payload["event_id"]))))


@dramatiq.actor(
    actor_name=jobs.SEND_LOGIN_EMAIL, queue_name=Q, inbox=True, max_retries=20, min_backoff=1000, max_backoff=60_000
)
async def send_login_email(payload: dict[str, Any]) -> None:
    await handle(
        SendLoginEmail(challenge_id=uuid.UUID(str(payload["challenge_id"])), sealed=str(payload["sealed"])),
    )


@dramatiq.actor(
    actor_name=jobs.SEND_LINK_EMAIL, queue_name=Q, inbox=True, max_retries=20, min_backoff=1000, max_backoff=60_000
)
async def send_link_email(payload: dict[str, Any]) -> None:
    await handle(SendLinkEmail(link_id=uuid.UUID(str(payload["link_id"]))))


@dramatiq.actor(
    actor_name=jobs.RENDER_DOCUMENT_PDF, queue_name=Q, inbox=True, max_retries=10, min_backoff=1000, max_backoff=300_000
)
async def render_pdf(payload: dict[str, Any]) -> None:
    command = RenderDocumentPdf(document_id=uuid.UUID(str(payload["document_id"])), version=int(payload["version"]))
    await handle(command)


@dramatiq.actor(
    actor_name=jobs.CREATE_VENDOR_PAYMENT, queue_name=Q, inbox=True, max_retries=30, min_backoff=500, max_backoff=30_000
)
async def create_vendor_payment(payload: dict[str, Any]) -> None:
    await handle(CreateVendorPayment(payment_id=_payment(payload)))


@dramatiq.actor(
    actor_name=jobs.CAPTURE_PAYMENT, queue_name=Q, inbox=True, max_retries=30, min_backoff=500, max_backoff=30_000
)
async def capture_payment(payload: dict[str, Any]) -> None:
    await handle(CapturePayment(payment_id=_payment(payload), amount=int(payload["amount"])))


@dramatiq.actor(
    actor_name=jobs.CANCEL_PAYMENT, queue_name=Q, inbox=True, max_retries=30, min_backoff=500, max_backoff=30_000
)
async def cancel_payment(payload: dict[str, Any]) -> None:
    reason = str(payload.get("reason", "cancelled"))
    await handle(CancelPayment(payment_id=_payment(payload), reason=reason))


@dramatiq.actor(
    actor_name=jobs.POLL_PAYMENT, queue_name=Q, inbox=True, max_retries=30, min_backoff=500, max_backoff=30_000
)
async def poll_payment(payload: dict[str, Any]) -> None:
    await handle(ReconcilePayment(payment_id=_payment(payload)))


@dramatiq.actor(
    actor_name=jobs.SEND_RECEIPT, queue_name=Q, inbox=True, max_retries=30, min_backoff=1000, max_backoff=60_000
)
async def send_receipt(payload: dict[str, Any]) -> None:
    await handle(SendReceipt(payment_id=_payment(payload)))


def _payment(payload: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(str(payload["payment_id"]))


ACTORS = (
    portal_event,
    send_login_email,
    send_link_email,
    render_pdf,
    create_vendor_payment,
    capture_payment,
    cancel_payment,
    poll_payment,
    send_receipt,
    *FLOW_ACTORS,
)
