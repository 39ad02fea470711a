"""Structured logs to stderr, one line per event (results go to stdout, PRODUCT §9): JSON in production, plain
readable lines for a person at a terminal in embedded mode.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, MutableMapping
from typing import Any

import structlog


def configure_logging(*, verbose: bool = False, quiet: bool = False, readable: bool = False) -> None:
    """DEBUG with `verbose`; ERROR with `quiet` (one-shot CLI commands keep stderr for their one-line errors);
    `readable`: `time level event key=value` lines instead of JSON (embedded mode).
    """
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(message)s")
    # the embedded SMTP server logs every envelope (addresses) at INFO; only its problems are worth a line
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RepeatedLines) for f in handler.filters):
            handler.addFilter(RepeatedLines())
        if not any(isinstance(f, MessageIdsOnly) for f in handler.filters):
            handler.addFilter(MessageIdsOnly())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="%H:%M:%S" if readable else "iso", utc=not readable),
            structlog.processors.format_exc_info,
            _readable_line if readable else structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )


def _readable_line(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> str:
    """`14:02:07 info  request method=GET route=/documents status=200 ms=4.1`: one line, no colours, no padding."""
    head = f"{event.pop('timestamp', '')} {event.pop('level', '')} {event.pop('event', '')}"
    trace = event.pop("exception", None)
    line = " ".join([head, *(f"{key}={value}" for key, value in event.items())])
    return f"{line}\n{trace}" if trace else line


class RepeatedLines(logging.Filter):
    """Lets a library's repeated line through at growing intervals (1 s, 2 s, 4 s … 60 s), without its traceback.

    dramatiq's consumers report a lost broker connection every second or so; during an outage that would be a
    line a second per thread. The first one passes, then one per interval, so the log stays readable (§10).
    """

    FIRST = 1.0
    LONGEST = 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._clock = clock
        self._next: dict[str, tuple[float, float]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not record.name.startswith("dramatiq"):
            return True
        key = f"{record.name}:{record.msg}"
        now = self._clock()
        due, gap = self._next.get(key, (0.0, self.FIRST / 2))
        if now < due:
            return False
        gap = min(gap * 2, self.LONGEST)
        self._next[key] = (now + gap, gap)
        record.exc_info = record.exc_text = None
        return True


class MessageIdsOnly(logging.Filter):
    """dramatiq names a message in its own lines (a skipped duplicate: "Message %s was skipped.") by its repr, which
    holds the actor's arguments (a login mail's sealed secret, ids): such a line keeps the message's id only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("dramatiq") and isinstance(record.args, tuple):
            record.args = tuple(_message_id_of(arg) for arg in record.args)
        return True


def _message_id_of(arg: object) -> object:
    message_id = getattr(arg, "message_id", None)
    return message_id if message_id is not None and hasattr(arg, "args") else arg


class _CurrentStderr:
    """Writes to whatever `sys.stderr` is at the time (test capture swaps it), never to a stream closed since."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()
