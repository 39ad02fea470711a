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
    - The repositories are read-only attributes, there from `__aenter__` on (a use case never swaps one).
    """

    @property
    def documents(self) -> DocumentRepository: ...

    @property
    def customers(self) -> CustomerRepository: ...

    @property
    def api_keys(self) -> ApiKeyRepository: ...

    @property
    def challenges(self) -> ChallengeRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def links(self) -> LinkRepository: ...

    @property
    def payments(self) -> PaymentRepository: ...

    @property
    def vendor_events(self) -> VendorEventStore: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def flows(self) -> FlowRepository: ...

    @property
    def flow_runs(self) -> FlowRunRepository: ...

    @property
    def overdue(self) -> OverdueLedger: ...

    @property
    def daily_jobs(self) -> DailySchedule: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
