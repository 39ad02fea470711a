"""SQL reads of the statement of account (PRODUCT §13): a record, its dealer, and its open items in one currency."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.queries.documents.statement_views import StatementCustomerView, StatementRow, StatementSource
from application.queries.documents.views import SellerView
from domain.documents.content import DocumentContent
from infrastructure.persistence.readers.balance_rule import CONTRIBUTION, COUNTED, paid_by
from infrastructure.persistence.tables.documents import customers, documents

d = documents
c = customers


class SqlAlchemyStatementReader:
    """Reads through its own short session; never writes. Three indexed reads: the record, the newest document's
    seller, and the rows (through the bill-to and customer indexes).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def statement_source(self, customer_no: str, currency: str, *, owner: str | None) -> StatementSource | None:
        record_query = select(c.c.customer_no, c.c.name, c.c.address, c.c.email, c.c.phone, c.c.locale).where(
            c.c.customer_no == customer_no
        )
        if owner is not None:
            record_query = record_query.where(c.c.email_normalised == owner)
        rows_query = (
            select(d.c.id, d.c.type, d.c.number, d.c.issue_date, d.c.due_date, d.c.total, CONTRIBUTION.label("amount"))
            .where(paid_by(customer_no), d.c.currency == currency, *COUNTED, CONTRIBUTION != 0)
            .order_by(d.c.issue_date, d.c.number, d.c.id)
        )
        newest = (
            select(d.c.content)
            .where(or_(d.c.customer_no == customer_no, d.c.bill_to_no == customer_no), d.c.withdrawn_at.is_(None))
            .order_by(d.c.issue_date.desc(), d.c.version_at.desc(), d.c.id.desc())
            .limit(1)
        )
        async with self._sessions() as session:
            record = (await session.execute(record_query)).first()
            if record is None:
                return None
            content: DocumentContent | None = (await session.execute(newest)).scalar()
            rows = (await session.execute(rows_query)).all()
        return StatementSource(
            customer=StatementCustomerView(
                customer_no=record.customer_no,
                name=record.name,
                address=list(record.address or []),
                email=record.email,
                phone=record.phone,
                locale=record.locale,
            ),
            seller=_seller(content),
            rows=[
                StatementRow(
                    id=r.id,
                    type=r.type,
                    number=r.number,
                    issue_date=r.issue_date,
                    due_date=r.due_date if r.type == "invoice" else None,
                    total=r.total,
                    amount=int(r.amount),
                )
                for r in rows
            ],
        )


def _seller(content: DocumentContent | None) -> SellerView | None:
    if content is None:
        return None
    seller = content.seller
    return SellerView(
        name=seller.name,
        address=list(seller.address),
        vat_no=seller.vat_no,
        phone=seller.phone,
        email=seller.email,
        bank=seller.bank,
    )
