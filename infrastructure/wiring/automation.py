"""The automation context in the composition root: its adapters and its handlers (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.commands.automation.apply_flows import ApplyFlows, ApplyFlowsHandler
from application.commands.automation.flow_action_effects import ActionEffects
from application.commands.automation.flow_action_payload import PayloadComposer
from application.commands.automation.handle_portal_event import HandlePortalEvent, HandlePortalEventHandler
from application.commands.automation.run_daily_jobs import RunDailyJobs, RunDailyJobsHandler
from application.commands.automation.run_flow_action import RunFlowAction, RunFlowActionHandler
from application.commands.automation.schedule_daily_jobs import ScheduleDailyJobs, ScheduleDailyJobsHandler
from application.policies.flow_runs import FlowTrigger
from application.queries.automation.list_flow_runs import ListFlowRuns, ListFlowRunsHandler
from application.queries.automation.list_flows import ListFlows, ListFlowsHandler
from application.queries.automation.list_sent_sms import ListSentSms, ListSentSmsHandler
from application.queries.automation.read_event_feed import ReadEventFeed, ReadEventFeedHandler
from infrastructure.deferred import Deferred
from infrastructure.persistence.readers.automation import SqlAlchemyFlowReader
from infrastructure.persistence.readers.event_feed import SqlAlchemyEventFeedReader
from infrastructure.sms.embedded_outbox import EmbeddedSmsOutbox
from infrastructure.sms.unconfigured import UnconfiguredSmsGateway


class Automation(containers.DeclarativeContainer):
    """Portal events, flows and their actions (SMS, webhooks, mail)."""

    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()
    mail = providers.DependenciesContainer()
    jobs = providers.DependenciesContainer()
    links = providers.DependenciesContainer()

    settings = core.settings
    flow_reader = providers.Factory(SqlAlchemyFlowReader, session_factory=database.read_sessions)
    event_feed_reader = providers.Factory(SqlAlchemyEventFeedReader, session_factory=database.read_sessions)
    sms_outbox = providers.Factory(
        EmbeddedSmsOutbox,
        session_factory=database.session_factory,
        clock=core.clock,
        sender=settings.provided.sms_sender,
    )
    sms_gateway = providers.Selector(
        settings.provided.sms_transport,
        gatewayapi=providers.Factory(
            Deferred("infrastructure.sms.gatewayapi:GatewayApiSmsGateway"),
            core.http_client,
            settings.provided.sms_url,
            settings.provided.sms_token,
            settings.provided.sms_sender,
        ),
        embedded=sms_outbox,
        unconfigured=providers.Factory(UnconfiguredSmsGateway),
    )
    webhook_sender = providers.Factory(
        Deferred("infrastructure.webhooks.sender:HttpxWebhookSender"), client=core.http_client, clock=core.clock
    )
    flow_triggers = providers.List(providers.Factory(FlowTrigger, clock=core.clock))
    flow_composer = providers.Factory(PayloadComposer, signer=links.token_signer, settings=links.link_settings)
    flow_effects = providers.Factory(
        ActionEffects,
        sms=sms_gateway,
        webhooks=webhook_sender,
        mailer=mail.mailer,
        mail_from=settings.provided.mail_from,
    )

    handlers = providers.Dict(
        {
            HandlePortalEvent: providers.Factory(
                HandlePortalEventHandler,
                uow=database.uow,
                events=jobs.event_log,
                reactions=jobs.reactions,
                triggers=flow_triggers,
            ).provider,
            ApplyFlows: providers.Factory(ApplyFlowsHandler, uow=database.uow, clock=core.clock).provider,
            RunFlowAction: providers.Factory(
                RunFlowActionHandler,
                uow=database.uow,
                clock=core.clock,
                events=jobs.event_log,
                composer=flow_composer,
                effects=flow_effects,
            ).provider,
            RunDailyJobs: providers.Factory(RunDailyJobsHandler, uow=database.uow, clock=core.clock).provider,
            ScheduleDailyJobs: providers.Factory(ScheduleDailyJobsHandler, uow=database.uow, clock=core.clock).provider,
            ListFlows: providers.Factory(ListFlowsHandler, reader=flow_reader).provider,
            ListFlowRuns: providers.Factory(ListFlowRunsHandler, reader=flow_reader).provider,
            ReadEventFeed: providers.Factory(ReadEventFeedHandler, reader=event_feed_reader).provider,
            ListSentSms: providers.Factory(ListSentSmsHandler, reader=sms_outbox).provider,
        }
    )
