"""Request and response bodies of the admin API."""

from __future__ import annotations

import uuid

import msgspec

from application.commands.documents.upsert_customer import UpsertCustomer
from domain.shared.errors import DomainError


class CustomerBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A customer record; `customer_no`, when present, must equal the one in the address."""

    name: str
    customer_no: str | None = None
    email: str | None = None
    phone: str | None = None
    address: list[str] = msgspec.field(default_factory=list)
    locale: str = "da"

    def command(self, customer_no: str) -> UpsertCustomer:
        if self.customer_no is not None and self.customer_no != customer_no:
            raise DomainError("customer_no differs from the address", [("/customer_no", f"expected {customer_no}")])
        return UpsertCustomer(
            customer_no=customer_no,
            name=self.name,
            email=self.email,
            phone=self.phone,
            address=self.address,
            locale=self.locale,
        )


class DocumentRefResponse(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    version: int
