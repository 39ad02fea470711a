"""The worker's runtime: the container its actors use, initialised on the actors' own event loop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dramatiq
import structlog
from dramatiq.middleware import CurrentMessage

from application.errors import TRANSIENT_FAULTS
from application.messagebus import MessageBus
from application.outage_log import OutageLog
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


async def handle(command: Any) -> None:
    """Run `command` through the worker's bus; a transient fault is dramatiq's quiet retry of the current message.

    - Whether the message already took effect is the inbox middleware's question, asked before the actor runs.
    """
    message = CurrentMessage.get_current_message()
    actor = message.actor_name if message is not None else type(command).__name__
    bus = await current().bus()
    with retried_quietly(actor):
        await bus.handle(command)
