"""`portal maintenance daily|purge` (PRODUCT §9): the daily jobs (also scheduled by the worker for 02:00
Copenhagen) and the purge of what is past its retention.
"""

from __future__ import annotations

import click
import msgspec

from application.commands.automation.run_daily_jobs import DailyReport, RunDailyJobs
from application.commands.maintenance.purge_expired import RETENTION_DAYS, PurgeCounts, PurgeExpired
from application.messagebus import MessageBus
from infrastructure.container import Container
from interfaces.cli.runtime import run


@click.group("maintenance")
def maintenance_group() -> None:
    """Housekeeping jobs."""


@maintenance_group.command("daily")
def daily() -> None:
    """Run the daily jobs now: report each invoice that became overdue (`invoice.overdue`, once per invoice)."""

    async def work(bus: MessageBus, _: Container) -> DailyReport:
        report: DailyReport = await bus.handle(RunDailyJobs())
        return report

    report = run(work)
    click.echo(f"invoice.overdue: {report.overdue} reported", err=True)


@maintenance_group.command("purge")
@click.option("--days", type=click.IntRange(1, 3650), default=RETENTION_DAYS, show_default=True, help="Retention.")
def purge(days: int) -> None:
    """Remove expired challenges, ended sessions, rate-limit rows, sent outbox rows, inbox records and sent-mail
    claims older than the retention.
    """

    async def work(bus: MessageBus, _: Container) -> PurgeCounts:
        counts: PurgeCounts = await bus.handle(PurgeExpired(retention_days=days))
        return counts

    click.echo(msgspec.json.encode(run(work)).decode())
