"""Process-wide borb housekeeping: telemetry off, one renderer at a time, stdout kept clean, caches cleared.

Importing this module opts the process out of borb's usage statistics before any borb document exists. Every
process that renders (server, worker, CLI) imports it through `infrastructure.pdf`, so the opt-out runs first
there. Without it borb queues an event per write, posts them over HTTPS (when `requests` is importable) and
replaces the SIGINT/SIGTERM handlers on its first write in the main thread.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import sys
import threading
from collections.abc import Iterator
from typing import Any, Protocol, TextIO

from borb.pdf import UsageStatistics

__all__ = ["BORB_LOCK", "borb_stdout_captured", "clear_borb_caches", "requests_importable", "telemetry_opted_out"]

_log = logging.getLogger(__name__)

UsageStatistics.opt_out()

# borb keeps state in classes and caches, and its fonts are mutated while painting: one render at a time.
BORB_LOCK = threading.RLock()


def telemetry_opted_out() -> bool:
    """Whether borb's usage statistics are off in this process (reads borb's private flag)."""
    return getattr(UsageStatistics, "_UsageStatistics__HAS_OPTED_IN", True) is False


def requests_importable() -> bool:
    """Whether `requests`, which borb's telemetry needs to send anything, could be imported."""
    return importlib.util.find_spec("requests") is not None


if requests_importable():  # pragma: no cover - guarded by a test; opt-out above already stops sending
    _log.warning("requests is importable; borb telemetry is opted out, but nothing should pull requests in")


class _ThreadStdout(io.TextIOBase):
    """Stands in for sys.stdout: writes from one thread go to a buffer, all others to the real stdout."""

    def __init__(self, real: TextIO, thread_id: int) -> None:
        super().__init__()
        self._real = real
        self._thread_id = thread_id
        self.captured = io.StringIO()

    def _target(self) -> TextIO:
        return self.captured if threading.get_ident() == self._thread_id else self._real

    def write(self, s: str) -> int:
        return self._target().write(s)

    def flush(self) -> None:
        self._target().flush()

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


@contextlib.contextmanager
def borb_stdout_captured() -> Iterator[None]:
    """Keep what borb prints (its licence reminder every 64th document) off stdout; log it at debug level.

    Only the calling thread's output is diverted, so other threads keep printing to the real stdout.
    """
    proxy = _ThreadStdout(sys.stdout, threading.get_ident())
    try:
        with contextlib.redirect_stdout(proxy):
            yield
    finally:
        text = proxy.captured.getvalue().strip()
        if text:
            _log.debug("borb printed to stdout: %s", text)


class _Cached(Protocol):
    def cache_clear(self) -> None: ...


_cached_functions: list[_Cached] = []
_scanned_module_count = 0


def _scan_borb_caches() -> None:
    """Find every `functools.cache` in loaded borb modules, including methods of nested classes."""
    global _scanned_module_count  # noqa: PLW0603 - a memo of the scan, guarded by BORB_LOCK
    modules = [module for name, module in list(sys.modules.items()) if name.startswith("borb") and module]
    if len(modules) == _scanned_module_count:
        return
    found: dict[int, _Cached] = {}
    seen: set[int] = set()
    pending: list[list[Any]] = [list(vars(module).values()) for module in modules]
    while pending:
        for value in pending.pop():
            if isinstance(value, type):
                if id(value) in seen or not value.__module__.startswith("borb"):
                    continue
                seen.add(id(value))
                pending.append(list(vars(value).values()))
            elif callable(getattr(value, "cache_clear", None)):
                found[id(value)] = value
    _cached_functions[:] = found.values()
    _scanned_module_count = len(modules)


def clear_borb_caches() -> int:
    """Empty borb's method caches, which otherwise keep every element ever measured alive (about 2 MiB a page).

    Returns how many caches it cleared.
    """
    with BORB_LOCK:
        _scan_borb_caches()
        for function in _cached_functions:
            function.cache_clear()
        return len(_cached_functions)
