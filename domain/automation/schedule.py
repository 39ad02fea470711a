"""When the daily job runs: 02:00 in Copenhagen, every day (PRODUCT §8, §9)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Copenhagen")
RUN_AT = time(2, 0)


def local_day(now: datetime) -> date:
    """The calendar day in Copenhagen at `now` (what "today" means for due dates)."""
    return now.astimezone(ZONE).date()


def run_time(day: date) -> datetime:
    """The instant the job of `day` runs, in UTC."""
    return datetime.combine(day, RUN_AT, tzinfo=ZONE).astimezone(UTC)


def next_run(now: datetime) -> tuple[date, datetime]:
    """The first day whose run time is after `now`, and that time."""
    day = local_day(now)
    while run_time(day) <= now:
        day += timedelta(days=1)
    return day, run_time(day)
