"""SQL reads of payments."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import Uuid, bindparam, case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.payments.payment_views import PaymentDetailView, PaymentView
from infrastructure.persistence.readers.rows import as_dict
from infrastructure.persistence.tables.documents import customers, documents
from infrastructure.persistence.tables.payments import payment_allocations, payments

p, a = payments.c, payment_allocations.c
_VIEW = (p.id, p.document_id, p.amount, p.currency, p.status, p.reason, p.phone, p.created_at)
_DETAIL = (*_VIEW, p.invoice_number, p.captured, p.refunded, p.updated_at)
#: a payment's invoices, oldest due first, each with its share (captured once the payment was, else asked)
_ALLOCATIONS = (
    select(
        a.document_id,
        a.invoice_number.label("number"),
        case((p.captured > 0, a.captured), else_=a.amount).label("amount"),
    )
    .join(payments, p.id == a.payment_id)
    .where(a.payment_id == bindparam("payment_id", type_=Uuid))
    .order_by(a.position)
)


async def _with_allocations(session: AsyncSession, row: Any) -> dict[str, Any]:
    shares = (await session.execute(_ALLOCATIONS, {"payment_id": row.id})).all()
    return {**as_dict(row), "allocations": [as_dict(share) for share in shares]}


class SqlAlchemyPaymentReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def visible_to(self, payment_id: uuid.UUID, email: str) -> PaymentView | None:
        mine = select(customers.c.customer_no).where(customers.c.email_normalised == email)
        query = (
            select(*_VIEW)
            .join(documents, documents.c.id == p.document_id)
            .where(
                p.id == payment_id,
                documents.c.withdrawn_at.is_(None),
                or_(documents.c.customer_no.in_(mine), documents.c.bill_to_no.in_(mine)),
            )
        )
        async with self._sessions() as session:
            row = (await session.execute(query)).first()
            return msgspec.convert(await _with_allocations(session, row), PaymentView) if row else None

    async def detail(self, payment_id: uuid.UUID) -> PaymentDetailView | None:
        async with self._sessions() as session:
            row = (await session.execute(select(*_DETAIL).where(p.id == payment_id))).first()
            return msgspec.convert(await _with_allocations(session, row), PaymentDetailView) if row else None

    async def list_payments(self, *, status: str | None, limit: int) -> list[PaymentDetailView]:
        query = select(*_DETAIL).order_by(p.created_at.desc(), p.id).limit(limit)
        if status is not None:
            query = query.where(p.status == status)
        async with self._sessions() as session:
            return [msgspec.convert(as_dict(r), PaymentDetailView) for r in (await session.execute(query)).all()]

    async def unfinished_ids(self) -> list[uuid.UUID]:
        async with self._sessions() as session:
            return list((await session.scalars(select(p.id).where(p.status == "pending").order_by(p.created_at))).all())
