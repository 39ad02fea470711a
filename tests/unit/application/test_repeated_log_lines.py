"""RepeatedLines: a library's line repeated every second during an outage reaches the log at growing intervals."""

from __future__ import annotations

import logging

import pytest

from interfaces.cli.logging_setup import RepeatedLines

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
