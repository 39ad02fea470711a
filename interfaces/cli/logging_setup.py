"""Structured logs to stderr, one JSON line per event (results go to stdout, PRODUCT §9)."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(*, verbose: bool = False, quiet: bool = False) -> None:
    """DEBUG with `verbose`; WARNING with `quiet` (one-shot CLI commands keep stderr for their one-line errors)."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(message)s")
    # the embedded SMTP server logs every envelope (addresses) at INFO; only its problems are worth a line
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )


class _CurrentStderr:
    """Writes to whatever `sys.stderr` is at the time (test capture swaps it), never to a stream closed since."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()
