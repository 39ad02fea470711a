"""What a worker checks and schedules before it takes jobs: the SMS settings flows need, and the daily job."""

from __future__ import annotations

import contextlib

from application.commands.automation.schedule_daily_jobs import ScheduleDailyJobs
from application.messagebus import MessageBus
from application.queries.automation.list_flows import ListFlows
from application.queries.automation.views import FlowView
from domain.shared.errors import ConcurrencyConflict
from infrastructure.container import Container
from infrastructure.settings import require_sms


async def prepare_worker(bus: MessageBus, container: Container) -> None:
    """- Production with a stored flow that uses `sms` needs PORTAL_SMS_URL and PORTAL_SMS_TOKEN (SettingsError).
    - The next 02:00 daily run is put in the outbox unless it is there already (two workers starting at once:
      the loser's conflict is harmless).
    """
    flows: list[FlowView] = await bus.handle(ListFlows())
    if any("sms" in flow.actions for flow in flows):
        require_sms(container.settings())
    with contextlib.suppress(ConcurrencyConflict):
        await bus.handle(ScheduleDailyJobs())
