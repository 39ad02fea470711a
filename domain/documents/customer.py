"""The Customer aggregate: a party record pushed by the business system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.documents.errors import InvalidCustomer
from domain.documents.values import LOCALES, Party
from domain.shared.aggregate import AggregateRoot
from domain.shared.email import normalise_email

__all__ = ["Customer", "CustomerDetails", "normalise_email"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerDetails:
    name: str
    email: str | None = None
    phone: str | None = None
    address: tuple[str, ...] = ()
    locale: str = "da"

    def __post_init__(self) -> None:
        problems: list[tuple[str, str]] = []
        if not self.name.strip():
            problems.append(("/name", "must not be empty"))
        if self.locale not in LOCALES:
            problems.append(("/locale", f"must be one of {', '.join(LOCALES)}"))
        if problems:
            raise InvalidCustomer(problems[0][1], problems)


class Customer(AggregateRoot):
    """A customer record, keyed by its customer number.

    - Its email (normalised) decides who may see the documents naming it as customer or bill-to.
    - An update with identical details changes nothing.
    """

    def __init__(self, *, customer_no: str, details: CustomerDetails, now: datetime) -> None:
        if not customer_no.strip():
            raise InvalidCustomer("customer_no must not be empty", [("/customer_no", "must not be empty")])
        self.customer_no = customer_no
        self._updated_at = now
        self._apply(details)

    @property
    def details(self) -> CustomerDetails:
        return CustomerDetails(
            name=self._name, email=self._email, phone=self._phone, address=tuple(self._address), locale=self._locale
        )

    @property
    def email(self) -> str | None:
        return self._email

    @property
    def email_normalised(self) -> str | None:
        return self._email_normalised

    @property
    def phone(self) -> str | None:
        return self._phone

    @property
    def locale(self) -> str:
        return self._locale

    @property
    def name(self) -> str:
        return self._name

    def as_party(self) -> Party:
        return Party(
            customer_no=self.customer_no,
            name=self._name,
            address=tuple(self._address),
            email=self._email,
            phone=self._phone,
        )

    def update(self, details: CustomerDetails, *, now: datetime) -> bool:
        """Take new details; returns whether anything changed."""
        if details == self.details:
            return False
        self._apply(details)
        self._updated_at = now
        return True

    def _apply(self, details: CustomerDetails) -> None:
        self._name = details.name
        self._email = details.email
        self._email_normalised = normalise_email(details.email) if details.email else None
        self._phone = details.phone
        self._address = list(details.address)
        self._locale = details.locale
