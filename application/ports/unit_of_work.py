"""The UnitOfWork port: one transaction per command, collecting the events of the aggregates it touched."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from application.ports.api_keys import ApiKeyRepository
from application.ports.automation import DailySchedule, FlowRepository, FlowRunRepository, OverdueLedger
from application.ports.identity import ChallengeRepository, SessionRepository
from application.ports.links import LinkRepository
from application.ports.outbox import Outbox
from application.ports.payments import PaymentRepository, VendorEventStore
from application.ports.repositories import CustomerRepository, DocumentRepository


class UnitOfWork(Protocol):
    """- Leaving the `async with` block without `commit()` rolls everything back.
    - `commit()` writes every recorded portal event to the outbox in the same transaction as the change.
    - A stale write raises `ConcurrencyConflict`; an unreachable database raises `StoreUnavailable`.
    """

    documents: DocumentRepository
    customers: CustomerRepository
    api_keys: ApiKeyRepository
    challenges: ChallengeRepository
    sessions: SessionRepository
    links: LinkRepository
    payments: PaymentRepository
    vendor_events: VendorEventStore
    outbox: Outbox
    flows: FlowRepository
    flow_runs: FlowRunRepository
    overdue: OverdueLedger
    daily_jobs: DailySchedule

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
