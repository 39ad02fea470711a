"""The inbox as a dramatiq middleware: a message with the actor option `inbox=True` takes effect once (ADR-0007).

Before the actor runs, the middleware asks the bus whether the message id is recorded: a redelivered message is
skipped (dramatiq's `SkipMessage`), a new one becomes the pending inbox entry (`application.inbox.begin`), which the
first unit of work that commits records in its own transaction. Actors stay plain: ids in, a command to the bus.
"""

from __future__ import annotations

import uuid
from typing import Any

import dramatiq
import structlog
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.broker import MessageProxy
from dramatiq.middleware import SkipMessage

from application import inbox
from application.queries.jobs.was_message_handled import WasMessageHandled
from interfaces.worker.runtime import current, retried_quietly

_log = structlog.get_logger("portal.worker")


class InboxMiddleware(dramatiq.Middleware):
    """Skips a message the inbox has recorded; marks a new one as the entry its first commit records.

    - Only for actors declared with `inbox=True`: the flow actors' commands commit more than once, and their own
      records make a redelivery do nothing.
    - A transient fault while asking is dramatiq's quiet retry, like a fault in the actor (`retried_quietly`).
    - Runs on the worker thread; the actor's coroutine inherits the thread's context, so it sees the entry.
    """

    @property
    def actor_options(self) -> set[str]:
        return {"inbox"}

    def before_process_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        if not broker.get_actor(message.actor_name).options.get("inbox"):
            return
        message_id = uuid.UUID(message.message_id)
        with retried_quietly(message.actor_name):
            handled = _on_the_actors_loop(_was_handled(message_id))
        if handled:
            _log.info("job.duplicate_skipped", actor=message.actor_name, message_id=str(message_id))
            raise SkipMessage
        inbox.begin(message_id, message.actor_name)

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        del broker, result
        entry = inbox.end()
        if entry is not None and exception is None:
            _log.info("job.done", actor=message.actor_name, message_id=message.message_id)


async def _was_handled(message_id: uuid.UUID) -> bool:
    bus = await current().bus()
    handled: bool = await bus.handle(WasMessageHandled(message_id=message_id))
    return handled


def _on_the_actors_loop(coroutine: Any) -> Any:
    """The container's pools are bound to the loop the AsyncIO middleware runs the actors on."""
    loop = get_event_loop_thread()
    if loop is None:
        raise RuntimeError("the AsyncIO middleware is not running")
    return loop.run_coroutine(coroutine)
