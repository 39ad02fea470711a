"""SQL reads of the documents context: a keyset scan per party, visibility by the person's email."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select, tuple_, union
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.documents.pdf_views import PdfSourceView
from application.queries.documents.reader import Keyset, ListFilter
from application.queries.documents.views import (
    BalanceView,
    CustomerBalancesView,
    DocumentDetailView,
    DocumentItemView,
    RelatedView,
)
from infrastructure.persistence.readers.document_detail import detail_view
from infrastructure.persistence.tables.documents import customers, documents

d = documents
_ITEM_COLUMNS = (
    d.c.id,
    d.c.type,
    d.c.number,
    d.c.issue_date,
    d.c.due_date,
    d.c.currency,
    d.c.total,
    d.c.outstanding,
    d.c.customer_no,
    d.c.bill_to_no,
)


class SqlAlchemyDocumentReader:
    """Reads through its own short sessions; never writes."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def list_for(
        self, email: str, flt: ListFilter, *, after: Keyset | None, limit: int, today: dt.date
    ) -> list[DocumentItemView]:
        async with self._sessions() as session:
            ids = await _customer_nos(session, email)
            if flt.customer_no is not None:
                ids = [i for i in ids if i == flt.customer_no]
            if not ids:
                return []
            conditions = [d.c.withdrawn_at.is_(None), *_filters(flt, today)]
            if after is not None:
                conditions.append(
                    tuple_(d.c.issue_date, d.c.number, d.c.id) < (after.issue_date, after.number, after.id)
                )
            per_party = [
                _ordered(select(*_ITEM_COLUMNS).where(party.in_(ids), *conditions)).limit(limit).subquery()
                for party in (d.c.customer_no, d.c.bill_to_no)
            ]
            merged = union(*(select(p) for p in per_party)).subquery()
            rows = (await session.execute(_ordered(select(merged), merged.c).limit(limit))).all()
            return [_item(row._mapping, ids, today) for row in rows]  # noqa: SLF001 - Row's public mapping view

    async def detail_for(self, email: str, document_id: UUID, *, today: dt.date) -> DocumentDetailView | None:
        async with self._sessions() as session:
            ids = await _customer_nos(session, email)
            if not ids:
                return None
            query = select(d).where(
                d.c.id == document_id,
                d.c.withdrawn_at.is_(None),
                or_(d.c.customer_no.in_(ids), d.c.bill_to_no.in_(ids)),
            )
            row = (await session.execute(query)).first()
            if row is None:
                return None
            mapping = row._mapping  # noqa: SLF001
            related = await _related(session, mapping, ids)
            return detail_view(_item(mapping, ids, today), mapping, related)

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
            payer = func.coalesce(d.c.bill_to_no, d.c.customer_no)
            amount = case(
                (d.c.type == "invoice", d.c.outstanding),
                else_=-(d.c.total - d.c.applied_credit),
            )
            sums = await session.execute(
                select(payer.label("payer"), d.c.currency, func.sum(amount))
                .where(
                    payer.in_([r.customer_no for r in records]),
                    d.c.withdrawn_at.is_(None),
                    d.c.type.in_(("invoice", "credit_note")),
                )
                .group_by(payer, d.c.currency)
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


async def _customer_nos(session: AsyncSession, email: str) -> list[str]:
    if not email:
        return []
    result = await session.scalars(select(customers.c.customer_no).where(customers.c.email_normalised == email))
    return list(result.all())


def _ordered(query: Select[Any], columns: Any = None) -> Select[Any]:
    c = columns if columns is not None else d.c
    return query.order_by(c.issue_date.desc(), c.number.desc(), c.id.desc())


def _filters(flt: ListFilter, today: dt.date) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.type is not None:
        found.append(d.c.type == flt.type)
    if flt.status is not None:
        found.append(d.c.type == "invoice")
        if flt.status == "paid":
            found.append(d.c.outstanding == 0)
        elif flt.status == "overdue":
            found += [d.c.outstanding > 0, d.c.due_date < today]
        else:
            found += [d.c.outstanding > 0, or_(d.c.due_date.is_(None), d.c.due_date >= today)]
    if flt.text is not None:
        escaped = flt.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        match: ColumnElement[bool] = d.c.search_text.like(f"%{escaped}%", escape="\\")
        if flt.amount is not None:
            match = or_(match, d.c.total == flt.amount)
        found.append(match)
    return found


def _item(row: Any, ids: list[str], today: dt.date) -> DocumentItemView:
    is_customer = row["customer_no"] in ids
    is_bill_to = row["bill_to_no"] in ids
    invoice = row["type"] == "invoice"
    status: str | None = None
    if invoice:
        status = "paid" if row["outstanding"] == 0 else "overdue" if row["due_date"] < today else "open"
    return DocumentItemView(
        id=row["id"],
        type=row["type"],
        number=row["number"],
        issue_date=row["issue_date"],
        due_date=row["due_date"] if invoice else None,
        currency=row["currency"],
        total=row["total"],
        outstanding=row["outstanding"] if invoice else None,
        status=status,
        role="both" if is_customer and is_bill_to else "customer" if is_customer else "bill_to",
        customer_no=row["customer_no"],
    )


async def _related(session: AsyncSession, row: Any, ids: list[str]) -> list[RelatedView]:
    refs = [(r.type, r.number) for r in row["content"].related]
    wanted: list[ColumnElement[bool]] = [and_(d.c.type == t, d.c.number == n) for t, n in refs]
    if row["type"] == "invoice":
        wanted.append(and_(d.c.type == "credit_note", d.c.credit_for == row["number"]))
    if not wanted:
        return []
    query = _ordered(
        select(d.c.id, d.c.type, d.c.number).where(
            or_(*wanted),
            d.c.withdrawn_at.is_(None),
            d.c.id != row["id"],
            or_(d.c.customer_no.in_(ids), d.c.bill_to_no.in_(ids), literal(value=False)),
        )
    )
    return [RelatedView(id=r.id, type=r.type, number=r.number) for r in (await session.execute(query)).all()]
