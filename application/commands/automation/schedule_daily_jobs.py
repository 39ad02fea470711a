"""ScheduleDailyJobs: make sure the next daily run is in the outbox (the worker asks at every start)."""

from __future__ import annotations

import msgspec

from application import jobs
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.automation.schedule import next_run


class ScheduleDailyJobs(msgspec.Struct, frozen=True, kw_only=True):
    pass


class ScheduleDailyJobsHandler:
    """- The next 02:00 (Copenhagen) run gets one durable outbox row, held by the relay until then; a day already
      scheduled (by another worker, or by the previous run) is left alone. Each run schedules the next.
    - Returns the day scheduled, or None when it already was.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: ScheduleDailyJobs) -> str | None:
        day, at = next_run(self._clock.now())
        async with self.uow:
            if not await self.uow.daily_jobs.schedule(day, at):
                return None
            self.uow.outbox.enqueue(jobs.DAILY_JOBS, {"day": day.isoformat()}, not_before=at)
            await self.uow.commit()
        return day.isoformat()
