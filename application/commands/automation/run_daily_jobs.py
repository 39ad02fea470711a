"""RunDailyJobs: the daily job (`portal maintenance daily`, and the worker at 02:00): `invoice.overdue` once each."""

from __future__ import annotations

import datetime as dt

import msgspec

from application import jobs
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.automation.events import InvoiceOverdue
from domain.automation.schedule import local_day, next_run, run_time
from domain.shared.events import DocumentRef

BATCH = 500


class RunDailyJobs(msgspec.Struct, frozen=True, kw_only=True):
    day: dt.date | None = None  # set by the scheduled job: that day's run happens once, then the next is scheduled


class DailyReport(msgspec.Struct, frozen=True, kw_only=True):
    overdue: int


class RunDailyJobsHandler:
    """- Every invoice due before today (Copenhagen) with money outstanding and not withdrawn is reported once as
      `invoice.overdue` (party: its customer); the ledger row and the event commit together, in batches.
    - A scheduled run (`day` set) schedules the next day's run in its first commit, once per day. Delivered twice,
      it schedules nothing more and reports nothing twice (the ledger), so it needs no inbox.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: RunDailyJobs) -> DailyReport:
        now = self._clock.now()
        if cmd.day is not None:
            async with self.uow:
                if await self.uow.daily_jobs.start(cmd.day, now):
                    following = max(cmd.day + dt.timedelta(days=1), next_run(now)[0])
                    if await self.uow.daily_jobs.schedule(following, run_time(following)):
                        at = run_time(following)
                        self.uow.outbox.enqueue(jobs.DAILY_JOBS, {"day": following.isoformat()}, not_before=at)
                await self.uow.commit()
        total = 0
        while True:
            async with self.uow:
                due = await self.uow.overdue.unreported(local_day(now), BATCH)
                for invoice in due:
                    await self.uow.overdue.report(invoice.document_id, now)
                    self.uow.outbox.publish(
                        InvoiceOverdue(
                            occurred_at=now,
                            party=invoice.customer_no,
                            document=DocumentRef(id=invoice.document_id, type="invoice", number=invoice.number),
                            due_date=invoice.due_date,
                            outstanding=invoice.outstanding,
                            currency=invoice.currency,
                        )
                    )
                await self.uow.commit()
            total += len(due)
            if len(due) < BATCH:
                return DailyReport(overdue=total)
