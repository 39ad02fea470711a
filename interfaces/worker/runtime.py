"""The worker's runtime: the container its actors use, initialised on the actors' own event loop."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from dramatiq.middleware import CurrentMessage

from application.inbox import handling
from application.messagebus import MessageBus
from application.queries.jobs.was_message_handled import WasMessageHandled
from infrastructure.container import Container, close_container

_log = structlog.get_logger("portal.worker")


class WorkerRuntime:
    """Holds one container for the actors; its resources start on first use, on the loop the actors run on."""

    def __init__(self, container: Container) -> None:
        self.container = container

    async def bus(self) -> MessageBus:
        bus: MessageBus = self.container.bus()
        return bus

    async def close(self) -> None:
        await close_container(self.container)


class _Holder:
    runtime: WorkerRuntime | None = None


def install(runtime: WorkerRuntime) -> None:
    _Holder.runtime = runtime


def current() -> WorkerRuntime:
    if _Holder.runtime is None:
        raise RuntimeError("the worker runtime is not installed; start the worker through `portal worker`")
    return _Holder.runtime


async def dispatch(actor: str, command: Any) -> None:
    """Run `command` through the bus once per message id: a redelivered message finds itself done and returns."""
    message = CurrentMessage.get_current_message()
    bus = await current().bus()
    if message is None:
        await bus.handle(command)
        return
    message_id = uuid.UUID(message.message_id)
    if await bus.handle(WasMessageHandled(message_id=message_id)):
        _log.info("job.duplicate_skipped", actor=actor, message_id=str(message_id))
        return
    with handling(message_id, actor):
        await bus.handle(command)
    _log.info("job.done", actor=actor, message_id=str(message_id))
