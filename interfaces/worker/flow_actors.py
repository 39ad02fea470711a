"""dramatiq actors of the automation context (PRODUCT §8): flow actions and the daily job. Import after the broker.

Neither goes through the inbox (no `inbox=True`): their commands commit more than once (a flow action renders, then
sends), and their own records (the run, locked while its action is taken; the day's row) make a redelivery do nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import dramatiq
from dramatiq.middleware import CurrentMessage

from application import jobs
from application.commands.automation.run_daily_jobs import RunDailyJobs
from application.commands.automation.run_flow_action import RunFlowAction
from interfaces.worker.runtime import handle

#: Webhooks (and SMS, mail) are retried with exponential backoff, 1 s up to an hour, then the run is marked failed.
FLOW_ACTION_RETRIES = 12


@dramatiq.actor(
    actor_name=jobs.RUN_FLOW_ACTION,
    queue_name=jobs.QUEUE,
    max_retries=FLOW_ACTION_RETRIES,
    min_backoff=1000,
    max_backoff=3_600_000,
)
async def run_flow_action(payload: dict[str, Any]) -> None:
    message = CurrentMessage.get_current_message()
    options = message.options if message is not None else {}
    retries = int(options.get("retries", 0))
    final = retries >= int(options.get("max_retries", FLOW_ACTION_RETRIES))
    command = RunFlowAction(run_id=uuid.UUID(str(payload["run_id"])), attempt=retries + 1, final=final)
    await handle(command)


@dramatiq.actor(
    actor_name=jobs.DAILY_JOBS, queue_name=jobs.QUEUE, max_retries=20, min_backoff=5000, max_backoff=600_000
)
async def daily_jobs(payload: dict[str, Any]) -> None:
    await handle(RunDailyJobs(day=dt.date.fromisoformat(str(payload["day"]))))


FLOW_ACTORS = (run_flow_action, daily_jobs)
