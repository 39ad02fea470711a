"""SQLAlchemy repositories of the documents context."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from domain.documents.customer import Customer
from domain.documents.model import CREDIT_NOTE, Document
from infrastructure.persistence.repositories.tracking import TrackingRepository
from infrastructure.persistence.tables.documents import documents


class SqlAlchemyDocumentRepository(TrackingRepository):
    def add(self, document: Document) -> None:
        self._add(document)

    async def get(self, document_id: UUID) -> Document | None:
        return self._track(await self._session.get(Document, document_id))

    async def get_by_number(self, type_: str, number: str) -> Document | None:
        query = select(Document).where(documents.c.type == type_, documents.c.number == number)
        return self._track((await self._session.scalars(query)).one_or_none())

    async def credit_notes_for(self, invoice_number: str) -> list[Document]:
        query = select(Document).where(documents.c.type == CREDIT_NOTE, documents.c.credit_for == invoice_number)
        return [d for d in (await self._session.scalars(query)).all() if self._track(d) is not None]


class SqlAlchemyCustomerRepository(TrackingRepository):
    def add(self, customer: Customer) -> None:
        self._add(customer)

    async def get(self, customer_no: str) -> Customer | None:
        return self._track(await self._session.get(Customer, customer_no))
