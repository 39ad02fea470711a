"""Value objects of a document's content: parties, seller, vehicle, lines, related references."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.documents.errors import InvalidDocument
from domain.documents.money import percent_of, round_half_up

DOCUMENT_TYPES = ("quote", "order", "invoice", "credit_note")
LOCALES = ("da", "en")
_MAX_QTY_PLACES = 3
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A customer record as it stood when the document version was issued."""

    customer_no: str
    name: str
    address: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Seller:
    name: str
    address: tuple[str, ...] = ()
    vat_no: str | None = None
    phone: str | None = None
    email: str | None = None
    bank: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vehicle:
    registration_no: str | None = None
    vin: str | None = None
    make: str | None = None
    model: str | None = None
    variant: str | None = None
    first_registration: date | None = None
    mileage_km: int | None = None
    colour: str | None = None

    def __post_init__(self) -> None:
        if self.mileage_km is not None and self.mileage_km < 0:
            raise InvalidDocument("mileage must not be negative", [("/vehicle/mileage_km", "must be ≥ 0")])


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedRef:
    """A related document named by type and number; it may arrive later than the one naming it."""

    type: str
    number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """A document line.

    - quantity > 0 with at most 3 decimal places; unit price ≥ 0 minor units.
    - discount is a percentage 0–100 of the unrounded quantity × unit price, or a fixed amount that may not exceed
      the line's gross, never both.
    - VAT rate is a percentage 0–100 (25 by default).
    """

    description: str
    quantity: Decimal
    unit_price: int
    item_no: str | None = None
    unit: str | None = None
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    vat_rate: Decimal = field(default=Decimal(25))

    def __post_init__(self) -> None:
        problems = self.problems("")
        if problems:
            raise InvalidDocument(problems[0][1], problems)

    def problems(self, pointer: str) -> list[tuple[str, str]]:
        """Every rule this line breaks, as (JSON pointer, detail) pairs under `pointer`."""
        found: list[tuple[str, str]] = []
        exponent = self.quantity.as_tuple().exponent
        if not self.quantity.is_finite() or self.quantity <= 0:
            found.append((f"{pointer}/quantity", "must be greater than 0"))
        elif (
            isinstance(exponent, int)
            and exponent < -_MAX_QTY_PLACES
            and self.quantity != self.quantity.quantize(Decimal("0.001"))
        ):
            found.append((f"{pointer}/quantity", "at most 3 decimal places"))
        if self.unit_price < 0:
            found.append((f"{pointer}/unit_price", "must be ≥ 0"))
        if self.discount_percent is not None and self.discount_amount is not None:
            found.append((f"{pointer}", "discount_percent and discount_amount exclude each other"))
        if self.discount_percent is not None and not (0 <= self.discount_percent <= _HUNDRED):
            found.append((f"{pointer}/discount_percent", "must be between 0 and 100"))
        if self.discount_amount is not None and self.discount_amount < 0:
            found.append((f"{pointer}/discount_amount", "must be ≥ 0"))
        if not found and self.discount_amount is not None and self.discount_amount > self.gross:
            found.append((f"{pointer}/discount_amount", f"exceeds the line's gross {self.gross}"))
        if not self.vat_rate.is_finite() or not (0 <= self.vat_rate <= _HUNDRED):
            found.append((f"{pointer}/vat_rate", "must be between 0 and 100"))
        if not self.description.strip():
            found.append((f"{pointer}/description", "must not be empty"))
        return found

    @property
    def _unrounded(self) -> Decimal:
        return self.quantity * self.unit_price

    @property
    def gross(self) -> int:
        return round_half_up(self._unrounded)

    @property
    def discount(self) -> int:
        if self.discount_percent is not None:
            return percent_of(self._unrounded, self.discount_percent)
        return self.discount_amount or 0

    @property
    def net(self) -> int:
        return self.gross - self.discount
