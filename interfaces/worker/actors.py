"""dramatiq actors: ids in, a command through the bus (STYLE §4.6). Import only after the broker is set."""

from __future__ import annotations

import uuid
from typing import Any

import dramatiq

from application import jobs
from application.commands.automation.handle_portal_event import HandlePortalEvent
from application.commands.documents.render_document_pdf import RenderDocumentPdf
from application.commands.identity.send_login_email import SendLoginEmail
from interfaces.worker.runtime import dispatch


@dramatiq.actor(
    actor_name=jobs.PORTAL_EVENT, queue_name=jobs.QUEUE, max_retries=20, min_backoff=500, max_backoff=60_000
)
async def portal_event(payload: dict[str, Any]) -> None:
    await dispatch(jobs.PORTAL_EVENT, HandlePortalEvent(event_id=uuid.UUID(str(payload["event_id"]))))


@dramatiq.actor(
    actor_name=jobs.SEND_LOGIN_EMAIL, queue_name=jobs.QUEUE, max_retries=20, min_backoff=1000, max_backoff=60_000
)
async def send_login_email(payload: dict[str, Any]) -> None:
    await dispatch(
        jobs.SEND_LOGIN_EMAIL,
        SendLoginEmail(challenge_id=uuid.UUID(str(payload["challenge_id"])), sealed=str(payload["sealed"])),
    )


@dramatiq.actor(
    actor_name=jobs.RENDER_DOCUMENT_PDF, queue_name=jobs.QUEUE, max_retries=10, min_backoff=1000, max_backoff=300_000
)
async def render_pdf(payload: dict[str, Any]) -> None:
    command = RenderDocumentPdf(document_id=uuid.UUID(str(payload["document_id"])), version=int(payload["version"]))
    await dispatch(jobs.RENDER_DOCUMENT_PDF, command)


ACTORS = (portal_event, send_login_email, render_pdf)
