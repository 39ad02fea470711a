"""What readiness asks (PRODUCT §9): the database decides; the broker is reported but decides nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

ProbeFn = Callable[[], Awaitable[bool]]

#: The database must answer within this many seconds for the process to count as ready.
PROBE_SECONDS = 1.0


class Probes:
    """- `required` probes decide readiness; `reported` ones only appear in the body (the outbox holds the jobs
    while the broker is away, so its outage makes no web process unready).
    - Each probe gets PROBE_SECONDS; a probe that times out or raises counts as down. CPU load plays no part.
    """

    def __init__(
        self, required: dict[str, ProbeFn], reported: dict[str, ProbeFn], timeout: float = PROBE_SECONDS
    ) -> None:
        self._required = required
        self._reported = reported
        self._timeout = timeout

    async def check(self) -> tuple[bool, dict[str, str]]:
        """(ready, {"database": "up"|"down", "broker": "up"|"down"})."""
        probes = {**self._required, **self._reported}
        results = await asyncio.gather(*(self._one(fn) for fn in probes.values()))
        states = dict(zip(probes, results, strict=True))
        ready = all(states[name] for name in self._required)
        return ready, {name: "up" if up else "down" for name, up in states.items()}

    async def _one(self, fn: ProbeFn) -> bool:
        try:
            return await asyncio.wait_for(fn(), timeout=self._timeout)
        except Exception:  # noqa: BLE001 - any failure of a probe means "down", never a crashed probe
            return False
