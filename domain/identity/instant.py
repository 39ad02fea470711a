"""The one rule about instants the identity context relies on: they carry a time zone."""

from __future__ import annotations

from datetime import datetime


def require_aware(value: datetime, name: str) -> datetime:
    """Return `value`, or raise `ValueError` when it is naive (a caller's bug, not a customer's mistake)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")
    return value
