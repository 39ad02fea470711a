"""Seedwork: the business time zone; the clock itself is a port and comes in as an argument."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Europe/Copenhagen")


def business_date(now: datetime) -> date:
    """The calendar date in Copenhagen at the instant `now` (an aware datetime)."""
    return now.astimezone(BUSINESS_TZ).date()
