"""SQL reads of the documents context: a keyset scan per party, visibility by the person's email."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.pdf_store import StoredPdf
from application.queries.documents.pdf_views import PdfSourceView, pdf_view
from application.queries.documents.reader import Keyset, ListFilter, MyPdf, SessionDetail, SessionPage, SessionPdf
from application.queries.documents.views import (
    BalanceView,
    CustomerBalancesView,
    DocumentDetailView,
    DocumentItemView,
)
from application.queries.identity.get_session import SessionView
from domain.documents.model import invoice_status, party_seen_through
from domain.documents.statement import days_overdue
from infrastructure.persistence.readers import visible_document
from infrastructure.persistence.readers.balance_rule import CONTRIBUTION, COUNTED, PAYER
from infrastructure.persistence.readers.document_detail import detail_view
from infrastructure.persistence.readers.document_money import money_of
from infrastructure.persistence.readers.document_page import SESSION_COLUMNS, parameters, statement_for
from infrastructure.persistence.readers.related_refs import related_of
from infrastructure.persistence.tables.documents import customers, documents

d = documents


class SqlAlchemyDocumentReader:
    """Reads through its own short sessions; never writes."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def list_for(
        self, email: str, flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date
    ) -> list[DocumentItemView]:
        if not email:
            return []
        values = parameters(flt, after=after, limit=limit, today=today) | {"email": email}
        async with self._sessions() as session:
            rows = (await session.execute(statement_for(_dialect(session), by_session=False), values)).all()
        return [_item(row, row.is_customer, row.is_bill_to, today, pending=row.payment_pending) for row in rows]

    async def page_for_session(
        self, id_hash: bytes, flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date
    ) -> SessionPage | None:
        values = parameters(flt, after=after, limit=limit, today=today) | {"id_hash": id_hash}
        async with self._sessions() as session:
            rows = (await session.execute(statement_for(_dialect(session), by_session=True), values)).all()
        if not rows:
            return None
        first = rows[0]
        view = SessionView(**{name: getattr(first, name) for name in SESSION_COLUMNS})
        return SessionPage(
            session=view,
            items=[
                _item(row, row.is_customer, row.is_bill_to, today, pending=row.payment_pending)
                for row in rows
                if row.id is not None
            ],
        )

    async def detail_for(self, email: str, document_id: UUID, *, today: dt.date) -> DocumentDetailView | None:
        if not email:
            return None
        async with self._sessions() as session:
            values = {"email": email, "customer": None, "document_id": document_id}
            row = (await session.execute(visible_document.BY_EMAIL[_dialect(session)], values)).first()
        return _detail(row, today) if row is not None else None

    async def detail_for_session(self, id_hash: bytes, document_id: UUID, *, today: dt.date) -> SessionDetail | None:
        async with self._sessions() as session:
            values = {"id_hash": id_hash, "customer": None, "document_id": document_id}
            row = (await session.execute(visible_document.BY_SESSION[_dialect(session)], values)).first()
        if row is None:
            return None
        view = SessionView(**{name: getattr(row, name) for name in SESSION_COLUMNS})
        detail = _detail(row, today) if row.id is not None else None
        return SessionDetail(session=view, document=detail)

    async def pdf_for_session(self, id_hash: bytes, document_id: UUID) -> SessionPdf | None:
        async with self._sessions() as session:
            values = {"id_hash": id_hash, "customer": None, "document_id": document_id}
            row = (await session.execute(visible_document.PDF_BY_SESSION, values)).first()
        if row is None:
            return None
        view = SessionView(**{name: getattr(row, name) for name in SESSION_COLUMNS})
        if row.id is None:
            return SessionPdf(session=view, pdf=None)
        stored = (
            StoredPdf(
                document_id=row.id, version=row.version, etag=row.etag, content=row.content, rendered_at=row.rendered_at
            )
            if row.etag is not None
            else None
        )
        source = PdfSourceView(id=row.id, type=row.type, number=row.number, version=row.version)
        party = party_seen_through(customer_no=row.customer_no, bill_to_no=row.bill_to_no, is_customer=row.is_customer)
        return SessionPdf(session=view, pdf=MyPdf(source=source, view=pdf_view(source, stored), party=party))

    async def balances_for(self, email: str) -> list[CustomerBalancesView]:
        async with self._sessions() as session:
            records = (
                await session.execute(
                    select(customers.c.customer_no, customers.c.name)
                    .where(customers.c.email_normalised == email)
                    .order_by(customers.c.customer_no)
                )
            ).all()
            if not records:
                return []
            sums = await session.execute(  # the one balance rule (`balance_rule`), shared with the statement
                select(PAYER.label("payer"), d.c.currency, func.sum(CONTRIBUTION))
                .where(PAYER.in_([r.customer_no for r in records]), *COUNTED)
                .group_by(PAYER, d.c.currency)
                .order_by(d.c.currency)
            )
            by_payer: dict[str, list[BalanceView]] = {}
            for payer_no, currency, total in sums.all():
                by_payer.setdefault(payer_no, []).append(BalanceView(currency=currency, amount=int(total)))
            return [
                CustomerBalancesView(customer_no=r.customer_no, name=r.name, balances=by_payer.get(r.customer_no, []))
                for r in records
            ]

    async def pdf_source_for(self, email: str, document_id: UUID) -> PdfSourceView | None:
        if not email:
            return None
        records = select(customers.c.customer_no).where(customers.c.email_normalised == email)
        async with self._sessions() as session:  # one round trip: the visibility rule of `detail_for` as a subquery
            return await _pdf_source(
                session, d.c.id == document_id, or_(d.c.customer_no.in_(records), d.c.bill_to_no.in_(records))
            )

    async def pdf_source_by_number(self, type_: str, number: str) -> PdfSourceView | None:
        async with self._sessions() as session:
            return await _pdf_source(session, d.c.type == type_, d.c.number == number)


async def _pdf_source(session: AsyncSession, *conditions: ColumnElement[bool]) -> PdfSourceView | None:
    query = select(d.c.id, d.c.type, d.c.number, d.c.version).where(*conditions, d.c.withdrawn_at.is_(None))
    row = (await session.execute(query)).first()
    return PdfSourceView(id=row.id, type=row.type, number=row.number, version=row.version) if row else None


def _detail(row: Any, today: dt.date) -> DocumentDetailView:
    """The detail from the one row that holds the document, its related documents and its money."""
    mapping = row._mapping  # noqa: SLF001 - Row's public mapping view
    related = related_of(mapping["related_rows"])
    money = money_of(mapping)
    item = _item(row, row.is_customer, row.is_bill_to, today, pending=money.pending_payment is not None)
    return detail_view(item, mapping, related, money)


def _dialect(session: AsyncSession) -> str:
    bind = session.bind
    if bind is None:  # pragma: no cover - the factory always binds its engine
        raise RuntimeError("a reader's session is bound to the engine")
    return bind.dialect.name


def _item(row: Any, is_customer: bool, is_bill_to: bool, today: dt.date, *, pending: bool) -> DocumentItemView:
    """A list item from a row of the item columns, and whether the person is its customer, its bill-to or both."""
    invoice = row.type == "invoice"
    status: str | None = None
    if invoice:
        status = invoice_status(outstanding=row.outstanding, due_date=row.due_date, today=today)
    return DocumentItemView(
        id=row.id,
        type=row.type,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date if invoice else None,
        currency=row.currency,
        total=row.total,
        outstanding=row.outstanding if invoice else None,
        status=status,
        role="both" if is_customer and is_bill_to else "customer" if is_customer else "bill_to",
        customer_no=row.customer_no,
        payment_pending=bool(pending),
        days_overdue=days_overdue(due_date=row.due_date, as_of=today) if status == "overdue" else None,
    )
