"""SQL reads of documents for staff (no visibility filter: staff scope)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.pdf_store import fingerprint
from application.queries.documents.staff_documents import StaffDocumentView
from domain.documents.model import invoice_status
from infrastructure.persistence.tables.documents import documents
from infrastructure.persistence.tables.pdfs import document_pdfs

d = documents.c
_COLUMNS = (
    d.id,
    d.type,
    d.number,
    d.issue_date,
    d.due_date,
    d.currency,
    d.customer_no,
    d.bill_to_no,
    d.total,
    d.outstanding,
    d.version,
    d.withdrawn_at,
)


class SqlAlchemyStaffDocumentReader:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def staff_list(
        self, *, type_: str | None, customer_no: str | None, limit: int, today: dt.date
    ) -> list[StaffDocumentView]:
        query: Select[Any] = select(*_COLUMNS).order_by(d.issue_date.desc(), d.number.desc(), d.id.desc()).limit(limit)
        if type_ is not None:
            query = query.where(d.type == type_)
        if customer_no is not None:
            query = query.where(or_(d.customer_no == customer_no, d.bill_to_no == customer_no))
        async with self._sessions() as session:
            return [_view(row, today) for row in (await session.execute(query)).all()]

    async def staff_show(self, type_: str, number: str, *, today: dt.date) -> StaffDocumentView | None:
        async with self._sessions() as session:
            stored = select(document_pdfs.c.etag).where(
                document_pdfs.c.document_id == d.id, document_pdfs.c.version == d.version
            )
            query = select(*_COLUMNS, stored.scalar_subquery().label("pdf_etag")).where(
                d.type == type_, d.number == number
            )
            row = (await session.execute(query)).first()
            if row is None:
                return None
            return msgspec.structs.replace(_view(row, today), pdf_fingerprint=fingerprint(row.pdf_etag))


def _view(row: Any, today: dt.date) -> StaffDocumentView:
    invoice = row.type == "invoice"
    status = None
    if invoice:
        status = invoice_status(outstanding=row.outstanding, due_date=row.due_date, today=today)
    return StaffDocumentView(
        id=row.id,
        type=row.type,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        currency=row.currency,
        customer_no=row.customer_no,
        bill_to_no=row.bill_to_no,
        total=row.total,
        outstanding=row.outstanding if invoice else None,
        status=status,
        version=row.version,
        withdrawn=row.withdrawn_at is not None,
    )
