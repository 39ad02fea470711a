"""`portal flows apply|list|runs` (PRODUCT §7, §8): flows from a TOML file, and the record of their runs."""

from __future__ import annotations

from typing import TextIO

import click

from application.commands.automation.apply_flows import AppliedFlows, ApplyFlows
from application.commands.automation.flow_file import parse_flow_file
from application.messagebus import MessageBus
from application.queries.automation.list_flow_runs import ListFlowRuns
from application.queries.automation.list_flows import ListFlows
from application.queries.automation.views import FlowRunView, FlowView
from domain.automation.errors import InvalidFlow
from domain.automation.run import STATUSES
from infrastructure.container import Container
from infrastructure.settings import SettingsError, require_sms
from interfaces.cli.output import print_table, wide_option
from interfaces.cli.runtime import describe, fail, run, settings_or_exit


@click.group("flows")
def flows_group() -> None:
    """Apply flows from a TOML file; list them and their runs."""


@flows_group.command("apply")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def apply(file: TextIO) -> None:
    """Make the stored flows equal to FILE (by name); an invalid file changes nothing."""
    source = file.read()
    settings = settings_or_exit()
    try:
        specs = parse_flow_file(source)
        if any(action.type == "sms" for spec in specs for action in spec.actions):
            require_sms(settings)
    except InvalidFlow as exc:
        fail(f"{getattr(file, 'name', 'FILE')}: {describe(exc)}")
    except SettingsError as exc:
        fail(str(exc))

    async def work(bus: MessageBus, _: Container) -> AppliedFlows:
        applied: AppliedFlows = await bus.handle(ApplyFlows(source=source))
        return applied

    applied = run(work, settings)
    for label, names in (
        ("created", applied.created),
        ("updated", applied.updated),
        ("removed", applied.removed),
        ("unchanged", applied.unchanged),
    ):
        for name in names:
            click.echo(f"{label} {name}")


@flows_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@wide_option
def list_flows(as_json: bool) -> None:
    """List the stored flows."""

    async def work(bus: MessageBus, _: Container) -> list[FlowView]:
        flows: list[FlowView] = await bus.handle(ListFlows())
        return flows

    print_table(run(work), as_json=as_json, columns=("name", "on", "when", "wait_seconds", "unless", "actions"))


@flows_group.command("runs")
@click.option("--flow", default=None, help="Only the runs of this flow.")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only runs in this state.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@wide_option
def runs(flow: str | None, status: str | None, limit: int, as_json: bool) -> None:
    """List flow runs, newest first: one per flow × event × action, with its outcome."""

    async def work(bus: MessageBus, _: Container) -> list[FlowRunView]:
        found: list[FlowRunView] = await bus.handle(ListFlowRuns(flow=flow, status=status, limit=limit))
        return found

    columns = ("created_at", "flow", "action", "event_type", "party", "status", "due_at", "attempts", "detail")
    print_table(run(work), as_json=as_json, columns=columns)
