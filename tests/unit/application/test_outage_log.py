"""OutageLog: one line per change of state, retry lines at growing intervals, never one per attempt (§10)."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs

from application.outage_log import MAX_DELAY, OutageLog

pytestmark = pytest.mark.unit


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_fault_logs_down_once_then_few_retrying_lines_then_back_once() -> None:
    ticks = Ticks()
    outage = OutageLog("relay", clock=ticks)
    with capture_logs() as logs:
        for _ in range(1200):  # ten minutes of a loop failing every half second
            outage.failed("ConnectionRefusedError")
            ticks.now += 0.5
        outage.succeeded()
        outage.succeeded()
    events = [entry["event"] for entry in logs]
    assert events[0] == "relay.down"
    assert events[-1] == "relay.back"
    assert events.count("relay.down") == 1
    assert events.count("relay.back") == 1
    retrying = events.count("relay.retrying")
    assert 5 <= retrying <= 30, f"{retrying} retry lines in ten minutes"
    assert logs[-1]["down_for_s"] == pytest.approx(600, abs=1)


def test_the_delay_doubles_up_to_the_longest_and_resets_after_recovery() -> None:
    outage = OutageLog("live.listener", clock=Ticks())
    with capture_logs():
        delays = [outage.failed("x") for _ in range(12)]
        outage.succeeded()
        after = outage.failed("x")
    assert delays[:3] == [0.5, 1.0, 2.0]
    assert max(delays) == MAX_DELAY
    assert delays == sorted(delays)
    assert after == 0.5


def test_success_without_a_fault_logs_nothing() -> None:
    outage = OutageLog("job.payments.capture", clock=Ticks())
    with capture_logs() as logs:
        for _ in range(100):
            outage.succeeded()
    assert logs == []
    assert not outage.down
