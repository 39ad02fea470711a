"""Handler wiring of the automation context: part of the composition root (ADR-0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dependency_injector import providers

from application.commands.automation.apply_flows import ApplyFlows, ApplyFlowsHandler
from application.commands.automation.handle_portal_event import HandlePortalEvent, HandlePortalEventHandler
from application.commands.automation.run_daily_jobs import RunDailyJobs, RunDailyJobsHandler
from application.commands.automation.run_flow_action import RunFlowAction, RunFlowActionHandler
from application.commands.automation.schedule_daily_jobs import ScheduleDailyJobs, ScheduleDailyJobsHandler
from application.queries.automation.list_flow_runs import ListFlowRuns, ListFlowRunsHandler
from application.queries.automation.list_flows import ListFlows, ListFlowsHandler
from application.queries.automation.list_sent_sms import ListSentSms, ListSentSmsHandler
from application.queries.automation.read_event_feed import ReadEventFeed, ReadEventFeedHandler


def automation_handlers(p: Mapping[str, Any]) -> dict[type[Any], Any]:
    """Command or query type → handler factory; `p` is the container's namespace of providers."""
    return {
        HandlePortalEvent: providers.Factory(
            HandlePortalEventHandler,
            uow=p["uow"],
            events=p["event_log"],
            reactions=p["reactions"],
            triggers=p["flow_triggers"],
        ).provider,
        ApplyFlows: providers.Factory(ApplyFlowsHandler, uow=p["uow"], clock=p["clock"]).provider,
        RunFlowAction: providers.Factory(
            RunFlowActionHandler,
            uow=p["uow"],
            clock=p["clock"],
            events=p["event_log"],
            composer=p["flow_composer"],
            effects=p["flow_effects"],
        ).provider,
        RunDailyJobs: providers.Factory(RunDailyJobsHandler, uow=p["uow"], clock=p["clock"]).provider,
        ScheduleDailyJobs: providers.Factory(ScheduleDailyJobsHandler, uow=p["uow"], clock=p["clock"]).provider,
        ListFlows: providers.Factory(ListFlowsHandler, reader=p["flow_reader"]).provider,
        ListFlowRuns: providers.Factory(ListFlowRunsHandler, reader=p["flow_reader"]).provider,
        ReadEventFeed: providers.Factory(ReadEventFeedHandler, reader=p["event_feed_reader"]).provider,
        ListSentSms: providers.Factory(ListSentSmsHandler, reader=p["sms_outbox"]).provider,
    }
