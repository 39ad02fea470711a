"""How a long-running loop reports a fault of something it depends on (PRODUCT §10: readable logs in an outage).

One line when the fault starts (`….down`), a `….retrying` line at growing intervals while it lasts, and one line
when it ends (`….back`, with how long it lasted); never a traceback for a fault that is expected and retried.
The relay, the live-status listener and the worker's jobs each keep one `OutageLog` per dependency.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import structlog

#: Delays between a loop's attempts while the fault lasts: doubling from FIRST_DELAY up to MAX_DELAY seconds, so a
#: loop is back within MAX_DELAY of its dependency's return. Retry lines come at most every MAX_REPORT_GAP seconds.
FIRST_DELAY = 0.5
MAX_DELAY = 5.0
MAX_REPORT_GAP = 30.0


class OutageLog:
    """State (up or down) of one dependency as seen by one loop, with the backoff its retries should use.

    - `failed(reason)` logs `{name}.down` on the first failure, then at most one `{name}.retrying` line per
      report gap (1 s, 2 s, 4 s … 30 s, then every 30 s of the fault, however many attempts fail meanwhile), and
      returns the delay before the loop's next attempt (doubling per failure up to MAX_DELAY).
    - `succeeded()` logs `{name}.back` once after a fault and resets the backoff.
    - Thread-safe: a worker's actor threads share one log per dependency.
    """

    def __init__(self, name: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._name = name
        self._clock = clock
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._delay = FIRST_DELAY
        self._failures = 0
        self._report_gap = FIRST_DELAY
        self._next_report = 0.0
        self._log = structlog.get_logger(f"portal.{name}")

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def failed(self, reason: str) -> float:
        with self._lock:
            self._failures += 1
            now = self._clock()
            if self._down_since is None:
                self._down_since = now
                self._delay = self._report_gap = FIRST_DELAY
                self._next_report = now + self._report_gap
                self._log.warning(f"{self._name}.down", reason=reason)
                return self._delay
            self._delay = min(self._delay * 2, MAX_DELAY)
            if now >= self._next_report:
                self._report_gap = min(self._report_gap * 2, MAX_REPORT_GAP)
                self._next_report = now + self._report_gap
                self._log.warning(
                    f"{self._name}.retrying",
                    reason=reason,
                    failures=self._failures,
                    down_for_s=round(now - self._down_since, 1),
                )
            return self._delay

    def succeeded(self) -> None:
        if self._down_since is None:  # the common case: no lock, no line
            return
        with self._lock:
            if self._down_since is None:
                return
            lasted = round(self._clock() - self._down_since, 1)
            self._log.warning(f"{self._name}.back", down_for_s=lasted, failures=self._failures)
            self._down_since = None
            self._delay = FIRST_DELAY
            self._failures = 0
