"""SQLAlchemy repository of payments, and the store of vendor events (each stored once)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from application.ports.payments import StoredVendorEvent
from domain.payments.model import Payment
from infrastructure.persistence.repositories.tracking import TrackingRepository
from infrastructure.persistence.tables.payments import payment_allocations, payment_vendor_events, payments

e = payment_vendor_events.c
a = payment_allocations.c


class SqlAlchemyPaymentRepository(TrackingRepository):
    """Payments are loaded `FOR UPDATE`: a webhook, a poll and a capture of one payment run one after another."""

    def add(self, payment: Payment) -> None:
        self._add(payment)

    async def get(self, payment_id: uuid.UUID) -> Payment | None:
        query = (
            select(Payment)
            .where(payments.c.id == payment_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._track((await self._session.scalars(query)).one_or_none())

    async def pending_for(self, document_id: uuid.UUID) -> Payment | None:
        query = (
            select(Payment)
            .join(payment_allocations, a.payment_id == payments.c.id)
            .where(a.document_id == document_id, a.holds)
        )
        return self._track((await self._session.scalars(query)).first())

    async def holding(self, document_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        query = select(a.document_id, a.payment_id).where(a.document_id.in_(list(document_ids)), a.holds)
        return {row.document_id: row.payment_id for row in await self._session.execute(query)}


class SqlAlchemyVendorEventStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, payment_id: uuid.UUID, event: StoredVendorEvent, *, source: str, now: dt.datetime) -> bool:
        dialect = self._session.bind.dialect.name if self._session.bind is not None else ""
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(payment_vendor_events)
            .values(
                payment_id=payment_id,
                name=event.name,
                psp_reference=event.psp_reference,
                amount=event.amount,
                success=event.success,
                occurred_at=event.occurred_at,
                received_at=now,
                source=source,
            )
            .on_conflict_do_nothing(index_elements=["payment_id", "name", "psp_reference"])
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]
