"""The states of a login challenge (PRODUCT §2); all but `open` are final."""

from __future__ import annotations

from enum import StrEnum


class ChallengeStatus(StrEnum):
    """Where a login challenge stands at an instant.

    - `consumed`, `ended` and `locked` are recorded facts; `expired` is derived from the clock.
    - When several apply, the first of consumed, ended, locked, expired wins.
    """

    OPEN = "open"
    CONSUMED = "consumed"
    ENDED = "ended"
    LOCKED = "locked"
    EXPIRED = "expired"
