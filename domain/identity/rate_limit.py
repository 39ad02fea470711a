"""Rate-limit settings such as `3/10m,10/24h`: N requests per period, for every period listed (PRODUCT §2.7, §12)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.identity.errors import InvalidRateLimit

MAX_COUNT = 1_000_000
MAX_PERIOD_SECONDS = 366 * 86_400
_UNIT_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
_ITEM = re.compile(r"(?P<count>[0-9]{1,9})/(?P<amount>[0-9]{1,9})(?P<unit>[smhd])")
_FORMAT_HINT = "write N/PERIOD items separated by commas, e.g. 3/10m,10/24h (periods end in s, m, h or d)"


@dataclass(frozen=True, slots=True, kw_only=True)
class RateWindow:
    """At most `count` requests in any `seconds`-long window.

    - 1 <= count <= 1,000,000; 1 s <= period <= 366 days.
    """

    count: int
    seconds: int

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_COUNT:
            raise InvalidRateLimit(f"a rate limit allows between 1 and {MAX_COUNT} requests, not {self.count}")
        if not 1 <= self.seconds <= MAX_PERIOD_SECONDS:
            raise InvalidRateLimit(f"a rate-limit period is between 1s and 366d, not {self.seconds}s")

    def __str__(self) -> str:
        return f"{self.count}/{_format_period(self.seconds)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimit:
    """One or more windows that must all hold.

    - Windows are ordered by period, shortest first, and no period appears twice.
    - `RateLimit.parse(str(limit)) == limit`; `str` writes each period in its largest whole unit (`24h` -> `1d`).
    """

    windows: tuple[RateWindow, ...]

    def __post_init__(self) -> None:
        if not self.windows:
            raise InvalidRateLimit(f"a rate limit needs at least one item; {_FORMAT_HINT}")
        periods = [window.seconds for window in self.windows]
        repeated = sorted({period for period in periods if periods.count(period) > 1})
        if repeated:
            raise InvalidRateLimit(f"a rate limit names the period {_format_period(repeated[0])} more than once")
        if periods != sorted(periods):
            raise InvalidRateLimit("rate-limit windows must be ordered by period, shortest first")

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """Parse `N/PERIOD[,N/PERIOD…]`; white space around items is allowed, items may come in any order."""
        items = [item.strip() for item in text.split(",")]
        if items == [""]:
            raise InvalidRateLimit(f"the rate limit is empty; {_FORMAT_HINT}")
        windows = [_parse_item(item) for item in items]
        return cls(windows=tuple(sorted(windows, key=lambda window: window.seconds)))

    @property
    def pairs(self) -> tuple[tuple[int, int], ...]:
        """`(count, seconds)` for each window, shortest period first."""
        return tuple((window.count, window.seconds) for window in self.windows)

    def __str__(self) -> str:
        return ",".join(str(window) for window in self.windows)


def _parse_item(item: str) -> RateWindow:
    if not item:
        raise InvalidRateLimit(f"the rate limit has an empty item; {_FORMAT_HINT}")
    match = _ITEM.fullmatch(item)
    if match is None:
        raise InvalidRateLimit(f"{item!r} is not a rate limit; {_FORMAT_HINT}")
    count, amount = int(match["count"]), int(match["amount"])
    if count == 0:
        raise InvalidRateLimit(f"{item!r} allows no requests; the count must be at least 1")
    if amount == 0:
        raise InvalidRateLimit(f"{item!r} has an empty period; the period must be at least 1{match['unit']}")
    return RateWindow(count=count, seconds=amount * _UNIT_SECONDS[match["unit"]])


def _format_period(seconds: int) -> str:
    # The largest unit that divides the period; seconds always do.
    unit, size = next((unit, size) for unit, size in _UNIT_SECONDS.items() if seconds % size == 0)
    return f"{seconds // size}{unit}"
