"""The Clock port: every use case asks it for the time, so tests control time."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """- `now()` is an aware datetime in UTC."""

    def now(self) -> datetime: ...
