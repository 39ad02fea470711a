"""UpsertCustomer: the business system pushes a customer record (PRODUCT §12 import format)."""

from __future__ import annotations

import msgspec

from application.commands.documents.contact import checked_email, checked_phone
from application.input_text import Key, Line
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.documents.customer import Customer, CustomerDetails
from domain.documents.errors import InvalidCustomer


class UpsertCustomer(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A customer record of the import format; its text follows `application.input_text`."""

    customer_no: Key
    name: Line
    email: Line | None = None
    phone: Line | None = None
    address: list[Line] = msgspec.field(default_factory=list)
    locale: Line = "da"


class UpsertCustomerResult(msgspec.Struct, frozen=True, kw_only=True):
    customer_no: str
    created: bool
    changed: bool


class UpsertCustomerHandler:
    """Creates or updates a customer record keyed by its number.

    - The email must be a deliverable-looking address (syntax only) and is stored as given; it is compared
      normalised. The phone, when given, must be a valid number and is stored in E.164.
    - Re-sending identical details changes nothing.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow = uow
        self._clock = clock

    async def __call__(self, cmd: UpsertCustomer) -> UpsertCustomerResult:
        problems: list[tuple[str, str]] = []
        email = checked_email(cmd.email, "/email", problems)
        phone = checked_phone(cmd.phone, "/phone", problems)
        if problems:
            raise InvalidCustomer(problems[0][1], problems)
        details = CustomerDetails(
            name=cmd.name.strip(), email=email, phone=phone, address=tuple(cmd.address), locale=cmd.locale
        )
        now = self._clock.now()
        async with self.uow:
            customer = await self.uow.customers.get(cmd.customer_no)
            if customer is None:
                self.uow.customers.add(Customer(customer_no=cmd.customer_no, details=details, now=now))
                created, changed = True, True
            else:
                created, changed = False, customer.update(details, now=now)
            await self.uow.commit()
        return UpsertCustomerResult(customer_no=cmd.customer_no, created=created, changed=changed)
