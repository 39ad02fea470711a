"""Handler wiring of the operations context: part of the composition root (ADR-0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dependency_injector import providers

from application.commands.maintenance.purge_expired import PurgeExpired, PurgeExpiredHandler
from application.queries.jobs.was_message_handled import WasMessageHandled, WasMessageHandledHandler


def operations_handlers(p: Mapping[str, Any]) -> dict[type[Any], Any]:
    """Command or query type → handler factory; `p` is the container's namespace of providers."""
    return {
        WasMessageHandled: providers.Factory(WasMessageHandledHandler, reader=p["inbox_reader"]).provider,
        PurgeExpired: providers.Factory(
            PurgeExpiredHandler,
            store=p["retention_store"],
            clock=p["clock"],
            session_idle_minutes=p["settings"].provided.session_idle_minutes,
        ).provider,
    }
