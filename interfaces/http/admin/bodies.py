"""Request and response bodies of the admin API."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar.params import PathParameter

from application.commands.documents.upsert_customer import UpsertCustomer
from application.input_text import KEY_PATTERN, Key, Line
from domain.shared.errors import DomainError

KeyInPath = Annotated[str, PathParameter(pattern=KEY_PATTERN)]


class CustomerBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A customer record; `customer_no`, when present, must equal the one in the address."""

    name: Line
    customer_no: Key | None = None
    email: Line | None = None
    phone: Line | None = None
    address: list[Line] = msgspec.field(default_factory=list)
    locale: Line = "da"

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


class CustomerRefResponse(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    changed: bool


class DocumentRefResponse(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    version: int
