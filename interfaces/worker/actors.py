"""dramatiq actors: ids in, a command through the bus (STYLE §4.6). Import only after the broker is set."""

from __future__ import annotations

import uuid
from typing import Any

import dramatiq

from application import jobs
from application.commands.automation.handle_portal_event import HandlePortalEvent
from interfaces.worker.runtime import dispatch


@dramatiq.actor(
    actor_name=jobs.PORTAL_EVENT, queue_name=jobs.QUEUE, max_retries=20, min_backoff=500, max_backoff=60_000
)
async def portal_event(payload: dict[str, Any]) -> None:
    await dispatch(jobs.PORTAL_EVENT, HandlePortalEvent(event_id=uuid.UUID(str(payload["event_id"]))))


ACTORS = (portal_event,)
