"""The operations context in the composition root: its adapters and its handlers (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.commands.maintenance.purge_expired import PurgeExpired, PurgeExpiredHandler
from application.queries.jobs.was_message_handled import WasMessageHandled, WasMessageHandledHandler
from infrastructure.persistence.retention import SqlRetentionStore


class Operations(containers.DeclarativeContainer):
    """Retention and the inbox of handled messages."""

    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()
    jobs = providers.DependenciesContainer()

    retention_store = providers.Factory(SqlRetentionStore, session_factory=database.session_factory)

    handlers = providers.Dict(
        {
            WasMessageHandled: providers.Factory(WasMessageHandledHandler, reader=jobs.inbox_reader).provider,
            PurgeExpired: providers.Factory(
                PurgeExpiredHandler,
                store=retention_store,
                clock=core.clock,
                session_idle_minutes=core.settings.provided.session_idle_minutes,
            ).provider,
        }
    )
