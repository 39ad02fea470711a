"""The broker in the composition root: Redis, RabbitMQ or the embedded StubBroker, and the outbox relay (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.policies.reactions import REACTIONS
from infrastructure.deferred import Deferred
from infrastructure.persistence.readers.event_log import SqlAlchemyEventLog
from infrastructure.persistence.readers.inbox import SqlAlchemyInboxReader


class Jobs(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()

    broker = providers.Selector(
        core.settings.provided.broker_kind,
        stub=providers.Singleton(Deferred("infrastructure.jobs.broker:stub_broker")),
        redis=providers.Singleton(
            Deferred("infrastructure.jobs.broker:redis_broker"), core.settings.provided.broker_url
        ),
        rabbitmq=providers.Singleton(
            Deferred("infrastructure.jobs.broker:rabbitmq_broker"), core.settings.provided.broker_url
        ),
    )
    broker_probe = providers.Factory(Deferred("infrastructure.jobs.health:BrokerProbe"), broker=broker)
    relay = providers.Factory(
        Deferred("infrastructure.jobs.relay:OutboxRelay"),
        session_factory=database.session_factory,
        broker=broker,
        clock=core.clock,
    )
    inbox_reader = providers.Factory(SqlAlchemyInboxReader, session_factory=database.read_sessions)
    event_log = providers.Factory(SqlAlchemyEventLog, session_factory=database.read_sessions)
    reactions = providers.Object(REACTIONS)
