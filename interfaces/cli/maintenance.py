"""`portal maintenance daily` (PRODUCT §9): the daily jobs, also scheduled by the worker for 02:00 Copenhagen."""

from __future__ import annotations

import click

from application.commands.automation.run_daily_jobs import DailyReport, RunDailyJobs
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
