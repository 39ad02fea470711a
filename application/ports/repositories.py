"""Repository ports: whole aggregates in, whole aggregates out."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.documents.customer import Customer
from domain.documents.model import Document


class DocumentRepository(Protocol):
    """- `get_by_number` finds withdrawn documents too (a new import restores them)."""

    def add(self, document: Document) -> None: ...

    async def get(self, document_id: UUID) -> Document | None: ...

    async def get_by_number(self, type_: str, number: str) -> Document | None: ...

    async def credit_notes_for(self, invoice_number: str) -> list[Document]:
        """Every credit note naming the invoice number as related, withdrawn ones included."""
        ...


class CustomerRepository(Protocol):
    def add(self, customer: Customer) -> None: ...

    async def get(self, customer_no: str) -> Customer | None: ...
