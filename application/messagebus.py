"""The message bus: one handler per command or query (reactions to events go through the outbox, ADR-0007)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import structlog

from domain.shared.errors import ConcurrencyConflict

_log = structlog.get_logger("portal.bus")
#: How often an idempotent command meets a concurrent winner before the conflict is the caller's.
CONFLICT_ATTEMPTS = 4


class Handler(Protocol):
    async def __call__(self, message: Any) -> Any: ...


HandlerFactory = Callable[[], Handler]


class MessageBus:
    """Dispatches commands and queries to their handler.

    - Exactly one handler per message type; a missing entry is a wiring bug and raises `LookupError`.
    - Each dispatch builds a fresh handler (and so a fresh unit of work).
    - No in-process reactions: what an event sets off is queued in the same transaction (the outbox), so it is
      durable and runs once (the inbox).
    - One structured log line at the start and end of each message: its name and outcome, never its payload.
    - A command whose type says `retry_on_conflict = True` (idempotent: it checks state first) is run again, with a
      fresh handler, when a concurrent change wins (`ConcurrencyConflict`), up to CONFLICT_ATTEMPTS times: a webhook
      racing the capture of the same payment then answers 2xx instead of 503, on SQLite (no row locks) too.
    """

    def __init__(
        self,
        handlers: Mapping[type[Any], HandlerFactory],
    ) -> None:
        self._handlers = dict(handlers)

    async def handle(self, message: Any) -> Any:
        name = type(message).__name__
        try:
            factory = self._handlers[type(message)]
        except KeyError:
            raise LookupError(f"no handler registered for {name}") from None
        attempts = CONFLICT_ATTEMPTS if getattr(type(message), "retry_on_conflict", False) else 1
        started = time.perf_counter()
        _log.debug("message.start", message=name)
        for attempt in range(1, attempts + 1):
            handler = factory()
            try:
                result = await handler(message)
                break
            except ConcurrencyConflict as exc:
                if attempt < attempts:
                    _log.debug("message.conflict_retried", message=name, attempt=attempt)
                    continue
                _log.info("message.end", message=name, outcome=type(exc).__name__, ms=_ms(started))
                raise
            except Exception as exc:
                _log.info("message.end", message=name, outcome=type(exc).__name__, ms=_ms(started))
                raise
        _log.debug("message.end", message=name, outcome="ok", ms=_ms(started))
        return result


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
