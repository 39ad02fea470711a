"""The worker's runtime: the container its actors use, initialised on the actors' own event loop."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dramatiq
import structlog
from dramatiq.middleware import CurrentMessage

from application.errors import TRANSIENT_FAULTS
from application.inbox import handling
from application.messagebus import MessageBus
from application.outage_log import OutageLog
from application.queries.jobs.was_message_handled import WasMessageHandled
from domain.shared.errors import ConcurrencyConflict
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


_outages: dict[str, OutageLog] = {}
_outages_lock = threading.Lock()


def _outage(actor: str) -> OutageLog:
    with _outages_lock:
        return _outages.setdefault(actor, OutageLog(f"job.{actor}"))


@contextmanager
def retried_quietly(actor: str) -> Iterator[None]:
    """A transient fault of something outside (`TRANSIENT_FAULTS`) makes dramatiq retry the message with its
    backoff, logged as one line per change of state per actor (`job.<actor>.down` … `.back`), not a traceback.
    """
    outage = _outage(actor)
    try:
        yield
    except ConcurrencyConflict:  # a concurrent change won (the job is idempotent): look again on the retry
        _log.info("job.conflict", actor=actor)
        raise dramatiq.Retry("a concurrent change won") from None
    except TRANSIENT_FAULTS as exc:
        outage.failed(f"{type(exc).__name__}: {exc}")
        raise dramatiq.Retry(str(exc)) from None
    outage.succeeded()


async def dispatch(actor: str, command: Any) -> None:
    """Run `command` through the bus once per message id: a redelivered message finds itself done and returns."""
    message = CurrentMessage.get_current_message()
    bus = await current().bus()
    with retried_quietly(actor):
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
