"""The SQLAlchemy unit of work: one AsyncSession per command, events to the outbox in the same transaction."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.errors import StoreUnavailable
from application.inbox import pending_entry
from application.ports.clock import Clock
from domain.shared.events import DomainEvent
from infrastructure.persistence.outbox import SqlAlchemyOutbox
from infrastructure.persistence.repositories.api_keys import SqlAlchemyApiKeyRepository
from infrastructure.persistence.repositories.automation import (
    SqlAlchemyDailySchedule,
    SqlAlchemyFlowRepository,
    SqlAlchemyFlowRunRepository,
    SqlAlchemyOverdueLedger,
)
from infrastructure.persistence.repositories.documents import (
    SqlAlchemyCustomerRepository,
    SqlAlchemyDocumentRepository,
)
from infrastructure.persistence.repositories.identity import (
    SqlAlchemyChallengeRepository,
    SqlAlchemySessionRepository,
)
from infrastructure.persistence.repositories.links import SqlAlchemyLinkRepository
from infrastructure.persistence.repositories.payments import SqlAlchemyPaymentRepository, SqlAlchemyVendorEventStore
from infrastructure.persistence.repositories.tracking import TrackingRepository
from infrastructure.persistence.store_errors import STORE_FAULTS, describe, translate
from infrastructure.persistence.tables.outbox import processed_messages


class SqlAlchemyUnitOfWork:
    """Opens a session on enter, rolls back on exit unless committed.

    - `commit()` pulls the events of every aggregate the repositories saw, writes the portal events and the job
      requests to the outbox, then commits once: the change and its messages stand or fall together.
    - Errors are translated by `store_errors.translate`: a lost race → ConcurrencyConflict; any other database
      fault (the driver's OSErrors and the pool's timeout included) → StoreUnavailable.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.documents = SqlAlchemyDocumentRepository(self.session)
        self.customers = SqlAlchemyCustomerRepository(self.session)
        self.api_keys = SqlAlchemyApiKeyRepository(self.session)
        self.challenges = SqlAlchemyChallengeRepository(self.session)
        self.sessions = SqlAlchemySessionRepository(self.session)
        self.links = SqlAlchemyLinkRepository(self.session)
        self.payments = SqlAlchemyPaymentRepository(self.session)
        self.vendor_events = SqlAlchemyVendorEventStore(self.session)
        self.outbox = SqlAlchemyOutbox(self._clock)
        self.flows = SqlAlchemyFlowRepository(self.session)
        self.flow_runs = SqlAlchemyFlowRunRepository(self.session)
        self.overdue = SqlAlchemyOverdueLedger(self.session)
        self.daily_jobs = SqlAlchemyDailySchedule(self.session)
        self._repositories: list[TrackingRepository] = [
            self.documents,
            self.customers,
            self.api_keys,
            self.challenges,
            self.sessions,
            self.links,
            self.payments,
            self.flows,
            self.flow_runs,
        ]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self.session.in_transaction():  # after a commit there is nothing to undo, and nothing is expired
                await self.session.rollback()
            await self.session.close()
        except STORE_FAULTS as closing:
            if exc is None:
                raise StoreUnavailable(describe(closing)) from closing
        if exc is not None and (translated := translate(exc)) is not None:
            raise translated from exc

    async def commit(self) -> None:
        pending: list[DomainEvent] = []
        for repository in self._repositories:
            for aggregate in repository.seen:
                pending += aggregate.pull_events()
        for event in pending:
            if event.event_type:
                self.outbox.publish(event)
        entry = pending_entry()
        try:
            alone = self.outbox.one_statement(self.session.get_bind().dialect.name)
            if alone and entry is None and not self.session.in_transaction():
                # nothing read or written yet and one statement to write: it is its own transaction (no BEGIN and
                # COMMIT round trips; PRODUCT §11, ADR-0025)
                await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            await self.outbox.flush(self.session)
            if entry is not None:
                await self.session.execute(
                    insert(processed_messages).values(
                        message_id=entry.message_id, actor=entry.actor, processed_at=self._clock.now()
                    )
                )
            await self.session.commit()
        except STORE_FAULTS as exc:
            raise translate(exc) or StoreUnavailable(describe(exc)) from exc
        if entry is not None:
            entry.recorded = True

    async def rollback(self) -> None:
        await self.session.rollback()
