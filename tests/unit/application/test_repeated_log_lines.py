"""RepeatedLines: a library's line repeated every second during an outage reaches the log at growing intervals;
MessageIdsOnly: dramatiq's own lines name a message by its id, never its arguments."""

from __future__ import annotations

import logging

import dramatiq
import pytest

from interfaces.cli.logging_setup import MessageIdsOnly, RepeatedLines

pytestmark = pytest.mark.unit


def _record(name: str, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, "Consumer encountered a connection error: %s", ("x",), None)


def test_a_line_repeated_every_second_for_ten_minutes_passes_a_few_times() -> None:
    now = [0.0]
    lines = RepeatedLines(clock=lambda: now[0])
    passed = 0
    for _ in range(600):
        passed += lines.filter(_record("dramatiq.worker.ConsumerThread(default)"))
        now[0] += 1.0
    assert 5 <= passed <= 20


def test_other_loggers_and_low_levels_pass_untouched() -> None:
    lines = RepeatedLines(clock=lambda: 0.0)
    assert all(lines.filter(_record("portal.http")) for _ in range(10))
    assert all(lines.filter(_record("dramatiq.worker", logging.INFO)) for _ in range(10))


def test_a_skipped_message_is_named_by_its_id_without_its_arguments() -> None:
    message = dramatiq.Message(
        queue_name="default",
        actor_name="send_login_email",
        args=(),
        kwargs={"payload": {"sealed": "SEALED-SECRET"}},
        options={},
        message_id="6c6f6e67-0000-4000-8000-000000000001",
    )
    record = logging.LogRecord(
        "dramatiq.worker.WorkerThread", logging.WARNING, __file__, 1, "Message %s was skipped.", (message,), None
    )
    assert "SEALED-SECRET" in record.getMessage()
    assert MessageIdsOnly().filter(record)
    assert record.getMessage() == "Message 6c6f6e67-0000-4000-8000-000000000001 was skipped."
    portal = logging.LogRecord("portal.http", logging.WARNING, __file__, 1, "%s", (message,), None)
    assert MessageIdsOnly().filter(portal) and "SEALED-SECRET" in portal.getMessage()  # only dramatiq's lines
